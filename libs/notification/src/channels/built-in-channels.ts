import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { maskPhone } from '@goodpay/personal-data';
import { Clock, newId } from '@goodpay/shared';
import { maskEmail } from '../recipients/recipient-directory';
import type { ChannelName } from '../templates/template';
import { ChannelError, type NotificationChannel, type NotificationChannels, type OutgoingMessage, type SendReceipt } from './channel';

export type FaultKind = 'temporary' | 'permanent';

/**
 * The providers of development and tests: each "sends" by recording the message in
 * `notification_sent_messages`, exactly as a provider would receive it but with the address
 * masked, so anyone can read what would have gone out. Told to fail (`failNext`), they fail the
 * next N calls; the plan is in PostgreSQL so it holds across worker processes.
 */
@Injectable()
export class BuiltInChannels {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /** The next `times` sends on `channel` fail with `kind` errors (replaces an earlier plan). */
  async failNext(channel: ChannelName, times: number, kind: FaultKind): Promise<void> {
    await this.sql.query(
      `INSERT INTO notification_channel_faults (channel, remaining, kind) VALUES ($1, $2, $3)
       ON CONFLICT (channel) DO UPDATE SET remaining = EXCLUDED.remaining, kind = EXCLUDED.kind`,
      [channel, times, kind],
    );
  }

  channels(): NotificationChannels {
    return { alimtalk: this.channel('alimtalk'), sms: this.channel('sms'), email: this.channel('email') };
  }

  private channel(name: ChannelName): NotificationChannel {
    return { name, provider: 'recording', send: (message) => this.send(name, message) };
  }

  private async send(channel: ChannelName, message: OutgoingMessage): Promise<SendReceipt> {
    const { rows: fault } = await this.sql.query<{ kind: FaultKind }>(
      `UPDATE notification_channel_faults SET remaining = remaining - 1 WHERE channel = $1 AND remaining > 0 RETURNING kind`,
      [channel],
    );
    if (fault[0]) {
      const temporary = fault[0].kind === 'temporary';
      throw new ChannelError(
        channel,
        temporary ? 'provider_unavailable' : 'recipient_rejected',
        temporary,
        `simulated ${fault[0].kind} ${channel} failure`,
      );
    }
    // The send key is unique: a repeated call for the same round answers the first message's id.
    const { rows } = await this.sql.query<{ provider_message_id: string }>(
      `WITH inserted AS (
         INSERT INTO notification_sent_messages (provider_message_id, notification_id, send_round, recipient_id, channel,
           message_type, masked_address, template_code, title, body, sent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (notification_id, send_round) DO NOTHING
         RETURNING provider_message_id)
       SELECT provider_message_id::text FROM inserted
       UNION ALL
       SELECT provider_message_id::text FROM notification_sent_messages WHERE notification_id = $2 AND send_round = $3`,
      [
        newId(),
        message.sendKey.notificationId,
        message.sendKey.round,
        message.recipientId,
        channel,
        message.type,
        channel === 'email' ? maskEmail(message.address) : maskPhone(message.address),
        message.templateCode,
        message.title,
        message.body,
        this.clock.now(),
      ],
    );
    return { providerMessageId: rows[0].provider_message_id };
  }
}
