import { resolveNotificationOptions } from './notification-options';

describe('notification options', () => {
  it('start sends at the rate every provider together accepts, unless told', () => {
    expect(resolveNotificationOptions({ receiptSecret: 's' }).sendRatePerSecond).toBe(100 + 50 + 20);
    expect(resolveNotificationOptions({ receiptSecret: 's', ratePerSecond: { alimtalk: 300 } }).sendRatePerSecond).toBe(300 + 50 + 20);
    expect(resolveNotificationOptions({ receiptSecret: 's', sendRatePerSecond: 40 }).sendRatePerSecond).toBe(40);
  });
});
