import { createHmac, randomBytes } from 'node:crypto';

/**
 * Solapi's API-key authentication (docs.solapi.com, "API Key 인증", and the official SDK's
 * src/lib/authenticator.ts): `Authorization: HMAC-SHA256 apiKey=<key>, date=<ISO 8601>,
 * salt=<random>, signature=<hex HMAC-SHA256 of date + salt under the API secret>`. Solapi
 * refuses a date more than 15 minutes off and a salt used twice, so each request signs afresh.
 */
export function solapiAuthorization(apiKey: string, apiSecret: string, now: Date = new Date()): string {
  const date = now.toISOString();
  const salt = randomBytes(16).toString('hex');
  const signature = createHmac('sha256', apiSecret)
    .update(date + salt)
    .digest('hex');
  return `HMAC-SHA256 apiKey=${apiKey}, date=${date}, salt=${salt}, signature=${signature}`;
}
