import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { ChannelError, NOTIFICATION_CHANNELS, type NotificationChannels } from '../channels/channel';
import { CHANNELS, type ChannelName } from '../templates/template';
import { DeliveryReceipts } from './delivery-receipts';

const BATCH = 200;
/** Solapi keeps its log for 6 months; after 3 days without a final word a message stays 'sent'. */
const ASK_FOR_MS = 3 * 24 * 60 * 60_000;

/**
 * Asks providers that report later (Solapi: GET /messages/v4/list) what became of messages still
 * on their way, and records each final word as a delivery receipt: delivered, or failed (an
 * undelivered Alimtalk then falls back to SMS/LMS). Run by a scheduled job; a provider outage
 * ends the round early, the next one asks again.
 */
@Injectable()
export class DeliveryPoller {
  private readonly logger = new Logger(DeliveryPoller.name);
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly receipts: DeliveryReceipts,
    private readonly clock: Clock,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannels,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /** One round; returns how many reports were recorded. */
  async pollOnce(): Promise<number> {
    const asking = CHANNELS.filter((name) => this.channels[name].deliveryReport);
    if (asking.length === 0) return 0;
    const { rows } = await this.sql.query<{ provider_message_id: string; channel: ChannelName }>(
      `SELECT provider_message_id, channel FROM notifications
       WHERE status = 'sent' AND delivery_status IS NULL AND sent_at > $1
         AND (channel, provider) IN (SELECT * FROM unnest($2::text[], $3::text[]))
       ORDER BY sent_at LIMIT ${BATCH}`,
      [new Date(this.clock.now().getTime() - ASK_FOR_MS), asking, asking.map((name) => this.channels[name].provider)],
    );
    let recorded = 0;
    for (const row of rows) {
      try {
        const report = await this.channels[row.channel].deliveryReport!(row.provider_message_id);
        if (!report) continue;
        await this.receipts.record(report);
        recorded += 1;
      } catch (error) {
        if (!(error instanceof ChannelError)) throw error;
        this.logger.warn(`delivery reports from ${row.channel} unavailable: ${error.code}`);
        if (error.scope === 'provider') break;
      }
    }
    return recorded;
  }
}
