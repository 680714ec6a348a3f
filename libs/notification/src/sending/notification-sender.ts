import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn, withConnection } from '@goodpay/event-store';
import { maskPhone } from '@goodpay/personal-data';
import { Clock, DomainError } from '@goodpay/shared';
import { ChannelError, NOTIFICATION_CHANNELS, type NotificationChannels } from '../channels/channel';
import { decideDelivery } from '../delivery/delivery-decision';
import type { NotificationKind } from '../kinds/notification-kinds';
import { type ComposedMessage, composeMessage } from '../message/compose';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { maskEmail, RecipientDirectory } from '../recipients/recipient-directory';
import type { Contact } from '../recipients/contact-rules';
import { templateFor } from '../templates/catalogue';
import type { ChannelName } from '../templates/template';
import { ProviderRateLimiter } from './provider-rate-limiter';

/** What became of one try, for the job: done, or come back later. */
export type SendOutcome =
  | { result: 'sent' | 'skipped' | 'failed' | 'not_pending' }
  | { result: 'deferred'; until: Date }
  | { result: 'rate_limited'; waitMs: number }
  /** The provider is down or throttling us: every sender stops for `waitMs`; this job waits, unspent. */
  | { result: 'provider_paused'; waitMs: number; code: string };

/** A temporary failure the job should retry (with backoff). */
export class RetryLater extends Error {
  constructor(readonly code: string) {
    super(`notification will be retried: ${code}`);
    this.name = 'RetryLater';
  }
}

interface PendingRow {
  notification_id: string;
  recipient_id: string;
  kind: NotificationKind;
  template_id: string;
  template_version: number;
  variables: Record<string, string>;
  send_round: number;
  excluded_channels: ChannelName[];
}

/**
 * Sends one notification, once. Reads the recipient's preferences and contact presence at
 * sending time, decides (send, defer to 08:00, skip), composes the message per channel,
 * respects each provider's rate, and tries the channels in order: a failed Alimtalk falls
 * back to SMS/LMS. A temporary failure of the last channel is thrown for BullMQ to retry; a
 * permanent one, or the last try, lands the notification in the failed list. A failure of the
 * provider itself (down, 429) spends nothing and pauses every sender (see the processor). What
 * went out is kept as its masked text and masked address.
 *
 * Exactly one sender works on a notification at a time (a session advisory lock, which takes
 * no transaction id and so holds back no projection), and only a 'pending' row is sent: a
 * duplicate or replayed job finds it sent and does nothing. Providers get a send key per
 * (notification, round) so a crash between their answer and our record is not a second message.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: RecipientDirectory,
    private readonly rateLimiter: ProviderRateLimiter,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannels,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {
    this.sql = sqlOn(dataSource);
  }

  async send(notificationId: string, round: number, lastTry: boolean): Promise<SendOutcome> {
    return withConnection(this.dataSource, async (lockSql) => {
      const { rows: lock } = await lockSql.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock(hashtextextended('notification:' || $1, 0)) AS locked`,
        [notificationId],
      );
      if (!lock[0].locked) throw new RetryLater('notification_busy');
      try {
        return await this.sendLocked(notificationId, round, lastTry);
      } finally {
        await lockSql.query(`SELECT pg_advisory_unlock(hashtextextended('notification:' || $1, 0))`, [notificationId]);
      }
    });
  }

  private async sendLocked(notificationId: string, round: number, lastTry: boolean): Promise<SendOutcome> {
    const { rows } = await this.sql.query<PendingRow>(
      `UPDATE notifications SET attempts = attempts + 1
       WHERE notification_id = $1 AND status = 'pending' AND send_round = $2
       RETURNING notification_id::text, recipient_id, kind, template_id, template_version, variables, send_round, excluded_channels`,
      [notificationId, round],
    );
    const row = rows[0];
    if (!row) return { result: 'not_pending' };
    const now = this.clock.now();
    const { preferences, presence } = (await this.directory.deliveryFacts([row.recipient_id])).get(row.recipient_id)!;
    const decision = decideDelivery(row.kind, preferences, presence, now);
    if (decision.action === 'skip') return this.skip(row, decision.reason);
    if (decision.action === 'defer') {
      await this.sql.query(`UPDATE notifications SET not_before = $2, attempts = attempts - 1 WHERE notification_id = $1`, [
        notificationId,
        decision.until,
      ]);
      return { result: 'deferred', until: decision.until };
    }
    const contact = await this.directory.openContact(row.recipient_id);
    if (!contact) return this.skip(row, 'contact_erased');
    // A fallback round (a resend after a failed Alimtalk) never goes back to the channel that failed.
    const channels = decision.channels.filter((channel) => !row.excluded_channels.includes(channel));
    return this.tryChannels(row, channels, contact, lastTry);
  }

  private async tryChannels(row: PendingRow, channels: ChannelName[], contact: Contact, lastTry: boolean): Promise<SendOutcome> {
    const template = templateFor(row.template_id, row.template_version);
    let lastFailure: { code: string; message: string; temporary: boolean } = {
      code: 'no_channel',
      message: 'no channel could carry it',
      temporary: false,
    };
    for (const [index, channel] of channels.entries()) {
      const fallbackLeft = index < channels.length - 1;
      const address = channel === 'email' ? contact.email : contact.phone;
      if (!address) continue;
      let message: ComposedMessage;
      try {
        message = composeMessage(template, row.variables, channel);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await this.recordAttempt(row, channel, 'refused', error.code);
        lastFailure = { code: error.code, message: error.message, temporary: false };
        continue;
      }
      const waitMs = await this.rateLimiter.take(channel);
      if (waitMs > 0) {
        // Not an attempt: undo the count and come back when the provider has room.
        await this.sql.query(`UPDATE notifications SET attempts = attempts - 1 WHERE notification_id = $1`, [row.notification_id]);
        return { result: 'rate_limited', waitMs };
      }
      try {
        const receipt = await this.channels[channel].send({
          ...message,
          sendKey: { notificationId: row.notification_id, round: row.send_round },
          recipientId: row.recipient_id,
          address,
        });
        await this.recordAttempt(row, channel, 'sent', null);
        await this.sql.query(
          `UPDATE notifications SET status = 'sent', channel = $2, message_type = $3, provider_message_id = $4, sent_at = $5,
             sent_title = $6, sent_text = $7, masked_address = $8, provider = $9
           WHERE notification_id = $1`,
          [
            row.notification_id,
            channel,
            message.type,
            receipt.providerMessageId,
            this.clock.now(),
            (message.shown ?? message).title,
            (message.shown ?? message).body,
            channel === 'email' ? maskEmail(address) : maskPhone(address),
            this.channels[channel].provider,
          ],
        );
        return { result: 'sent' };
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        if (error.scope === 'provider') {
          // Not this message's fault, and the fallback would meet the same provider: stop, spend nothing.
          await this.recordAttempt(row, channel, 'temporary_failure', error.code);
          await this.sql.query(`UPDATE notifications SET attempts = attempts - 1 WHERE notification_id = $1`, [row.notification_id]);
          this.logger.warn(`provider ${this.channels[channel].provider} (${channel}) ${error.code}: sending paused`);
          return { result: 'provider_paused', waitMs: error.retryAfterMs ?? this.options.providerPauseMs, code: error.code };
        }
        await this.recordAttempt(row, channel, error.temporary ? 'temporary_failure' : 'permanent_failure', error.code);
        lastFailure = { code: error.code, message: error.message, temporary: error.temporary };
        // Alimtalk falls back at once, whatever the failure: the text gets there now rather than after retries.
        if (fallbackLeft) continue;
      }
    }
    if (lastFailure.temporary && !lastTry) throw new RetryLater(lastFailure.code);
    await this.sql.query(
      `UPDATE notifications SET status = 'failed', failure_code = $2, failure_message = $3, failed_at = $4 WHERE notification_id = $1`,
      [row.notification_id, lastFailure.code, lastFailure.message, this.clock.now()],
    );
    this.logger.warn(`notification ${row.notification_id} (${row.kind}) failed: ${lastFailure.code}`);
    return { result: 'failed' };
  }

  private async skip(row: PendingRow, reason: string): Promise<SendOutcome> {
    await this.sql.query(`UPDATE notifications SET status = 'skipped', skip_reason = $2 WHERE notification_id = $1`, [
      row.notification_id,
      reason,
    ]);
    return { result: 'skipped' };
  }

  private async recordAttempt(row: PendingRow, channel: ChannelName, outcome: string, errorCode: string | null): Promise<void> {
    await this.sql.query(
      `INSERT INTO notification_attempts (notification_id, send_round, channel, outcome, error_code, at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.notification_id, row.send_round, channel, outcome, errorCode, this.clock.now()],
    );
  }
}
