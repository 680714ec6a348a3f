import { validatePreferences } from './preferences-rules';

describe('notification preferences', () => {
  it('keep known kinds, once each, sorted, and the preferred contact', () => {
    expect(validatePreferences({ optedOut: ['prepayment_redeemed', 'campaign_news', 'campaign_news'], preferred: 'email' })).toEqual({
      optedOut: ['campaign_news', 'prepayment_redeemed'],
      preferred: 'email',
    });
    expect(validatePreferences({ optedOut: [] })).toEqual({ optedOut: [], preferred: 'phone' });
  });

  it('refuse an unknown kind', () => {
    expect(() => validatePreferences({ optedOut: ['spam'] })).toThrow(expect.objectContaining({ code: 'unknown_notification_kind' }));
  });

  it('refuse opting out of what must be received', () => {
    expect(() => validatePreferences({ optedOut: ['raffle_won'] })).toThrow(
      expect.objectContaining({ code: 'notification_must_be_received', status: 400 }),
    );
    expect(() => validatePreferences({ optedOut: ['prepayment_refunded'] })).toThrow(
      expect.objectContaining({ code: 'notification_must_be_received' }),
    );
  });

  it('refuse an unknown preferred contact', () => {
    expect(() => validatePreferences({ optedOut: [], preferred: 'fax' })).toThrow(
      expect.objectContaining({ code: 'invalid_preferred_channel' }),
    );
  });
});
