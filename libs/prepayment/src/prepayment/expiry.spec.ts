import { dueExpiryNotice, expiryDateOf, isExpiredOn } from './expiry';

describe('expiry', () => {
  const expiresOn = '2025-06-30';

  it('stamps the last usable day from the purchase day in Seoul', () => {
    expect(expiryDateOf('2025-01-12T23:30:00Z', 30)).toBe('2025-02-12');
    expect(isExpiredOn(expiresOn, '2025-06-30')).toBe(false);
    expect(isExpiredOn(expiresOn, '2025-07-01')).toBe(true);
    expect(isExpiredOn(null, '2099-01-01')).toBe(false);
  });

  it('is due 30 days before, 7 days before and on the day, each once', () => {
    expect(dueExpiryNotice(expiresOn, '2025-05-30', [])).toBeNull();
    expect(dueExpiryNotice(expiresOn, '2025-05-31', [])).toBe(30);
    expect(dueExpiryNotice(expiresOn, '2025-05-31', [30])).toBeNull();
    expect(dueExpiryNotice(expiresOn, '2025-06-22', [30])).toBeNull();
    expect(dueExpiryNotice(expiresOn, '2025-06-23', [30])).toBe(7);
    expect(dueExpiryNotice(expiresOn, '2025-06-29', [30, 7])).toBeNull();
    expect(dueExpiryNotice(expiresOn, '2025-06-30', [30, 7])).toBe(0);
    expect(dueExpiryNotice(expiresOn, '2025-06-30', [30, 7, 0])).toBeNull();
  });

  it('after missed days sends only the latest notice due, and never the ones it overtook', () => {
    expect(dueExpiryNotice(expiresOn, '2025-06-25', [])).toBe(7);
    expect(dueExpiryNotice(expiresOn, '2025-06-26', [7])).toBeNull();
    expect(dueExpiryNotice(expiresOn, '2025-06-30', [])).toBe(0);
  });

  it('says nothing after the expiry or without one', () => {
    expect(dueExpiryNotice(expiresOn, '2025-07-01', [])).toBeNull();
    expect(dueExpiryNotice(null, '2025-06-30', [])).toBeNull();
  });
});
