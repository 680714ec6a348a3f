import type { ProductClient } from './open-shop';

/** The template code the one-time code's SMS goes out with (libs/identity's PhoneCodes). */
export const PHONE_CODE_TEMPLATE = 'phone-verification-code';

/** The six digits in the SMS a phone received. */
export const codeIn = (text: string): string => /(\d{6})/.exec(text)![1]!;

/** The code the recording SMS channel (development and tests) "sent" to `userId` last, read from its table. */
export const recordedCode =
  (system: { sql<Row = any>(text: string, params?: unknown[]): Promise<Row[]> }, userId: string) => async (): Promise<string> => {
    const [sent] = await system.sql<{ body: string }>(
      `SELECT body FROM notification_sent_messages WHERE recipient_id = $1 AND template_code = $2 ORDER BY sent_at DESC LIMIT 1`,
      [userId, PHONE_CODE_TEMPLATE],
    );
    return codeIn(sent!.body);
  };

/**
 * Proves that the holder of `token` receives messages at `phone`, as a person does before
 * PUT /me/contact takes the number: asks for a code, reads it where the SMS arrived
 * (`readCode`), and sends it back.
 */
export async function verifyPhone(
  client: Pick<ProductClient, 'request'>,
  token: string,
  phone: string,
  readCode: () => Promise<string>,
): Promise<void> {
  const sent = await client.request('POST', '/me/phone-verification/code', { token, body: { phone } });
  if (sent.status !== 202) throw new Error(`phone code for ${phone}: ${sent.status} ${JSON.stringify(sent.body)}`);
  const confirmed = await client.request('POST', '/me/phone-verification', { token, body: { phone, code: await readCode() } });
  if (confirmed.status !== 200) throw new Error(`phone verification of ${phone}: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
}
