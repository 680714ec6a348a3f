import { createHmac, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CommandContext, EventStore, metadataOf, type Sql, sqlOn } from '@goodpay/event-store';
import { normaliseKoreanMobile, PersonalDataVault } from '@goodpay/personal-data';
import { Clock, DomainError, InvalidInputError, ProviderUnavailableError, RuleViolationError } from '@goodpay/shared';
import { phoneVerifiedStream, type PhoneNumberVerified } from './events';

/** How a code is sent: the SMS channel of libs/notification that MESSAGE_PROVIDER chose (Solapi; recording in development). */
export const PHONE_CODE_CHANNEL = Symbol('phone-code-channel');

/**
 * The SMS a code goes out as: libs/notification's OutgoingMessage, which any of its
 * NotificationChannels sends. Declared here by shape, because libs/notification already
 * depends (through its event routes) on contexts that depend on this one.
 */
export interface PhoneCodeMessage {
  channel: 'sms';
  type: 'sms';
  title: null;
  body: string;
  templateCode: string;
  sendKey: { notificationId: string; round: number };
  recipientId: string;
  address: string;
}

/** A NotificationChannel of libs/notification, as this context uses it. */
export interface PhoneCodeChannel {
  send(message: PhoneCodeMessage): Promise<unknown>;
}

export const CODE_DIGITS = 6;
export const CODE_LIFETIME_MS = 5 * 60 * 1000;
/** Wrong guesses a code survives: 5 of 10^6 codes guessed is a 1 in 200,000 chance. */
export const CODE_ATTEMPTS = 5;
/** Sends per user: one a minute, five in an hour (each costs an SMS and guesses on a fresh code). */
export const RESEND_AFTER_MS = 60 * 1000;
export const SENDS_PER_HOUR = 5;

/** Too many codes asked for, or too many guesses (429, with when to try again). */
export class PhoneCodeRateLimitedError extends DomainError {
  readonly status = 429;
  constructor(code: string, message: string, retryAfterSeconds: number) {
    super(code, message, { retryAfterSeconds });
  }
}

/**
 * A send the channel refused, as the caller meets it. The channel's errors (libs/notification's
 * ChannelError) say whether the failure is temporary: the provider down or throttling (503,
 * try again later) or this number refused (422: a number that takes no SMS).
 */
function unsent(error: unknown): DomainError {
  if ((error as { temporary?: unknown }).temporary === false)
    return new RuleViolationError('phone_unreachable', 'the message provider refused to send an SMS to this number');
  return new ProviderUnavailableError('message_provider', 'the message provider could not send the code now; try again shortly');
}

const hmac = (salt: Buffer, ...parts: string[]) => createHmac('sha256', salt).update(parts.join('\u0000')).digest();

/**
 * Phone numbers used for messages are verified by a one-time code (any signed-in person: a
 * citizen, a shop owner, staff): six random digits sent by
 * SMS through the notification channel port, stored only as a salted HMAC, good for five
 * minutes and five guesses, at most one send a minute and five an hour per user. A right code
 * records PhoneNumberVerified (the number sealed under the user's subject).
 */
@Injectable()
export class PhoneCodes {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly store: EventStore,
    private readonly vault: PersonalDataVault,
    private readonly clock: Clock,
    @Inject(PHONE_CODE_CHANNEL) private readonly channel: PhoneCodeChannel,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async send(context: CommandContext, phoneInput: unknown): Promise<{ expiresAt: string }> {
    const phone = normaliseKoreanMobile(typeof phoneInput === 'string' ? phoneInput : '');
    const now = this.clock.now();
    const { rows } = await this.sql.query<{ in_hour: number; last: Date | null }>(
      `SELECT count(*)::int AS in_hour, max(sent_at) AS last FROM identity_phone_codes WHERE user_id = $1 AND sent_at > $2`,
      [context.actor.id, new Date(now.getTime() - 3_600_000)],
    );
    const { in_hour: inHour, last } = rows[0]!;
    if (last && now.getTime() - new Date(last).getTime() < RESEND_AFTER_MS) {
      throw new PhoneCodeRateLimitedError(
        'phone_code_rate_limited',
        'a code was sent less than a minute ago',
        Math.ceil((RESEND_AFTER_MS - (now.getTime() - new Date(last).getTime())) / 1000),
      );
    }
    if (inHour >= SENDS_PER_HOUR)
      throw new PhoneCodeRateLimitedError('phone_code_rate_limited', `at most ${SENDS_PER_HOUR} codes an hour`, 3600);

    const code = String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
    const salt = randomBytes(16);
    const codeId = randomUUID();
    const expiresAt = new Date(now.getTime() + CODE_LIFETIME_MS);
    await this.sql.query(
      `INSERT INTO identity_phone_codes (code_id, user_id, salt, phone_hash, code_hash, sent_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [codeId, context.actor.id, salt, hmac(salt, context.actor.id, phone), hmac(salt, context.actor.id, phone, code), now, expiresAt],
    );
    const message: PhoneCodeMessage = {
      channel: 'sms',
      type: 'sms',
      title: null,
      body: `[goodpay] 인증번호 ${code} (5분 안에 입력하세요)`,
      templateCode: 'phone-verification-code',
      sendKey: { notificationId: codeId, round: 1 },
      recipientId: context.actor.id,
      address: phone,
    };
    try {
      await this.channel.send(message);
    } catch (error) {
      // Nobody received it: the code is withdrawn, so it neither waits to be guessed nor counts against the sends.
      await this.sql.query(`DELETE FROM identity_phone_codes WHERE code_id = $1`, [codeId]);
      throw unsent(error);
    }
    return { expiresAt: expiresAt.toISOString() };
  }

  /**
   * Whether account `userId` proved by a code that it receives messages at `phone`: what a
   * contact's phone needs before messages go to it (PUT /me/contact). Read from the codes it
   * confirmed, by the same salted HMAC, so no number is decrypted to answer.
   */
  async isVerified(userId: string, phoneInput: string): Promise<boolean> {
    const phone = normaliseKoreanMobile(phoneInput);
    const { rows } = await this.sql.query<{ salt: Buffer; phone_hash: Buffer }>(
      `SELECT salt, phone_hash FROM identity_phone_codes WHERE user_id = $1 AND confirmed_at IS NOT NULL`,
      [userId],
    );
    return rows.some((row) => timingSafeEqual(hmac(row.salt, userId, phone), row.phone_hash));
  }

  async confirm(context: CommandContext, phoneInput: unknown, codeInput: unknown): Promise<{ verified: true; position: string }> {
    const phone = normaliseKoreanMobile(typeof phoneInput === 'string' ? phoneInput : '');
    if (typeof codeInput !== 'string' || !/^\d{6}$/.test(codeInput))
      throw new InvalidInputError('code must be 6 digits', { field: 'code' }, 'validation_failed');
    const now = this.clock.now();
    // The latest live code; one guess is counted before it is compared, so concurrent guesses cannot exceed the limit.
    const { rows: guessed } = await this.sql.query<{ code_id: string; salt: Buffer; phone_hash: Buffer; code_hash: Buffer }>(
      `UPDATE identity_phone_codes SET attempts = attempts + 1
        WHERE code_id = (SELECT code_id FROM identity_phone_codes WHERE user_id = $1 AND confirmed_at IS NULL AND expires_at > $2 ORDER BY sent_at DESC LIMIT 1)
          AND attempts < $3
        RETURNING code_id, salt, phone_hash, code_hash`,
      [context.actor.id, now, CODE_ATTEMPTS],
    );
    const row = guessed[0];
    if (!row)
      throw new RuleViolationError(
        'phone_code_invalid',
        'no live code for this account: it expired, was used up or was never sent; ask for a new one',
      );
    const right =
      timingSafeEqual(hmac(row.salt, context.actor.id, phone), row.phone_hash) &&
      timingSafeEqual(hmac(row.salt, context.actor.id, phone, codeInput), row.code_hash);
    if (!right) throw new RuleViolationError('phone_code_invalid', 'the code is not right for this phone');
    await this.sql.query(`UPDATE identity_phone_codes SET confirmed_at = $2 WHERE code_id = $1`, [row.code_id, now]);
    const sealedPhone = await this.vault.seal(context.actor.id, { phone });
    const verified: PhoneNumberVerified = {
      type: 'PhoneNumberVerified',
      data: { userId: context.actor.id, sealedPhone, verifiedAt: now.toISOString() },
    };
    const appended = await this.store.append(
      [{ streamId: phoneVerifiedStream(context.actor.id), expectedVersion: 'any', events: [verified] }],
      metadataOf(context),
    );
    return { verified: true, position: appended.lastPosition };
  }
}
