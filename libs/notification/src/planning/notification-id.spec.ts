import { notificationIdFor } from './notification-id';

describe('notification ids', () => {
  it('are derived as they always were: the rows a planner of any version wrote are found by a replay', () => {
    // SHA-256 of "event\0recipient\0kind", its first 32 hex digits in the shape of a uuid.
    expect(notificationIdFor('00000000-0000-4000-8000-000000000001', 'citizen-1', 'prepayment_made')).toBe(
      'ba23cfab-3411-1ec0-6e27-e1b22bc15a14',
    );
    expect(notificationIdFor('00000000-0000-4000-8000-000000000001', '가맹점 주인', 'merchant_settled')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
