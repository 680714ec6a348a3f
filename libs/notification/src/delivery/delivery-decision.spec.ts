import { channelsFor, decideDelivery, DEFAULT_PREFERENCES } from './delivery-decision';
import { quietUntil } from './quiet-hours';

// Seoul is UTC+9: 12:00Z is 21:00 in Seoul, 23:00Z is 08:00 the next Seoul day.
const seoul = (isoLocal: string): Date => new Date(`${isoLocal}+09:00`);
const phoneOnly = { phone: true, email: false };

describe('quiet hours (21:00-08:00 Asia/Seoul)', () => {
  it('are over at 08:00 and start at 21:00', () => {
    expect(quietUntil(seoul('2025-01-20T08:00:00'))).toBeNull();
    expect(quietUntil(seoul('2025-01-20T20:59:59'))).toBeNull();
    expect(quietUntil(seoul('2025-01-20T21:00:00'))).toEqual(seoul('2025-01-21T08:00:00'));
  });

  it('end at the next 08:00, whether before or after midnight', () => {
    expect(quietUntil(seoul('2025-01-20T23:30:00'))).toEqual(seoul('2025-01-21T08:00:00'));
    expect(quietUntil(seoul('2025-01-21T00:10:00'))).toEqual(seoul('2025-01-21T08:00:00'));
    expect(quietUntil(seoul('2025-01-21T07:59:59'))).toEqual(seoul('2025-01-21T08:00:00'));
    expect(quietUntil(seoul('2025-12-31T22:00:00'))).toEqual(seoul('2026-01-01T08:00:00'));
  });
});

describe('delivery decision', () => {
  const night = seoul('2025-01-20T22:00:00');
  const day = seoul('2025-01-20T14:00:00');

  it('defers a promotional message at night to 08:00 Seoul instead of dropping it', () => {
    expect(decideDelivery('campaign_news', DEFAULT_PREFERENCES, phoneOnly, night)).toEqual({
      action: 'defer',
      until: seoul('2025-01-21T08:00:00'),
    });
    expect(decideDelivery('campaign_news', DEFAULT_PREFERENCES, phoneOnly, day)).toEqual({ action: 'send', channels: ['alimtalk', 'sms'] });
  });

  it('sends other kinds at night', () => {
    expect(decideDelivery('prepayment_made', DEFAULT_PREFERENCES, phoneOnly, night).action).toBe('send');
    expect(decideDelivery('raffle_won', DEFAULT_PREFERENCES, phoneOnly, night).action).toBe('send');
  });

  it('honours an opt-out, except for must-receive kinds (a win, a refund)', () => {
    const optedOut = { ...DEFAULT_PREFERENCES, optedOut: ['prepayment_made', 'raffle_won', 'prepayment_refunded'] as const };
    expect(decideDelivery('prepayment_made', optedOut, phoneOnly, day)).toEqual({ action: 'skip', reason: 'opted_out' });
    expect(decideDelivery('raffle_won', optedOut, phoneOnly, day).action).toBe('send');
    expect(decideDelivery('prepayment_refunded', optedOut, phoneOnly, day).action).toBe('send');
  });

  it('skips someone with no contact details', () => {
    expect(decideDelivery('raffle_won', DEFAULT_PREFERENCES, { phone: false, email: false }, day)).toEqual({
      action: 'skip',
      reason: 'no_contact',
    });
  });
});

describe('channels', () => {
  it('try Alimtalk then SMS/LMS for a phone, e-mail for an e-mail address', () => {
    expect(channelsFor({ phone: true, email: true }, 'phone')).toEqual(['alimtalk', 'sms']);
    expect(channelsFor({ phone: true, email: true }, 'email')).toEqual(['email']);
  });

  it('fall back to the contact the person has when the preferred one is missing', () => {
    expect(channelsFor({ phone: false, email: true }, 'phone')).toEqual(['email']);
    expect(channelsFor({ phone: true, email: false }, 'email')).toEqual(['alimtalk', 'sms']);
    expect(channelsFor({ phone: false, email: false }, 'phone')).toEqual([]);
  });
});
