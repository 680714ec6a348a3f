import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { isNotificationKind, type NotificationKind } from '../kinds/notification-kinds';
import { CHANNELS, type ChannelName } from '../templates/template';

/**
 * A message's state as people see it: 'delivered' and 'undelivered' are what the provider
 * reported of a sent message; 'sent' means accepted and not reported on (yet).
 */
export const MESSAGE_STATUSES = ['pending', 'sent', 'delivered', 'undelivered', 'failed', 'skipped'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** What a citizen sees of a message sent to them: the text as sent, its personal parts masked. */
export interface OwnMessage {
  notificationId: string;
  kind: NotificationKind;
  channel: ChannelName | null;
  messageType: string | null;
  status: MessageStatus;
  plannedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  title: string | null;
  text: string | null;
  /** Where it went, masked: 010-****-5678, k***@example.kr. */
  to: string | null;
}

/** What staff see: the citizen's view plus who, why and how often. */
export interface StaffMessage extends OwnMessage {
  recipientId: string;
  eventType: string;
  sendRound: number;
  attempts: number;
  provider: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  skipReason: string | null;
  resentBy: string | null;
  /** Channels this round may not use: 'alimtalk' after a failed Alimtalk. */
  excludedChannels: ChannelName[];
}

export interface MessageFilter {
  kind?: NotificationKind;
  status?: MessageStatus;
  channel?: ChannelName;
  /** A Seoul calendar day (YYYY-MM-DD) on which the message was planned. */
  day?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface ChannelDelivery {
  channel: ChannelName;
  /** Provider calls on this channel, and how many it accepted. */
  attempts: number;
  accepted: number;
  /** Of the accepted ones (still the last word on their notification), what the provider reported. */
  delivered: number;
  undelivered: number;
  awaitingReport: number;
  /** delivered / (delivered + undelivered), null before any report. */
  deliveryRate: number | null;
  /** accepted / attempts, null without attempts. */
  acceptanceRate: number | null;
  /** Why attempts failed on this channel, most frequent first. */
  failures: { code: string; count: number }[];
}

export interface DeliveryRates {
  day: string | null;
  channels: ChannelDelivery[];
}

const STATUS_SQL = `CASE WHEN n.status = 'sent' AND n.delivery_status IS NOT NULL THEN n.delivery_status ELSE n.status END`;
const SEOUL_DAY = `(n.planned_at AT TIME ZONE 'Asia/Seoul')::date`;

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

function ownMessage(row: Record<string, unknown>): OwnMessage {
  const kind = String(row.kind);
  return {
    notificationId: String(row.notification_id),
    kind: (isNotificationKind(kind) ? kind : 'campaign_news') as NotificationKind,
    channel: (row.channel as ChannelName | null) ?? null,
    messageType: (row.message_type as string | null) ?? null,
    status: row.shown_status as MessageStatus,
    plannedAt: iso(row.planned_at)!,
    sentAt: iso(row.sent_at),
    deliveredAt: row.delivery_status === 'delivered' ? iso(row.delivery_reported_at) : null,
    title: (row.sent_title as string | null) ?? null,
    text: (row.sent_text as string | null) ?? null,
    to: (row.masked_address as string | null) ?? null,
  };
}

/**
 * What was sent, as citizens (their own) and staff (everyone's, filtered, with delivery rates)
 * read it. Only masked text and masked addresses are ever read here: the clear text existed
 * only while the provider was called.
 */
@Injectable()
export class MessageHistory {
  private readonly sql: Sql;

  constructor(dataSource: DataSource) {
    this.sql = sqlOn(dataSource);
  }

  /** A person's own messages, newest first; skipped ones (opted out, stale) are not messages they got. */
  async forRecipient(recipientId: string, limit: number, offset: number): Promise<Page<OwnMessage>> {
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT n.*, n.notification_id::text AS notification_id, ${STATUS_SQL} AS shown_status, count(*) OVER () AS total
       FROM notifications n WHERE n.recipient_id = $1 AND n.status <> 'skipped'
       ORDER BY n.planned_at DESC, n.notification_id LIMIT $2 OFFSET $3`,
      [recipientId, limit, offset],
    );
    return { items: rows.map(ownMessage), total: rows.length > 0 ? Number(rows[0].total) : 0, limit, offset };
  }

  async search(filter: MessageFilter, limit: number, offset: number): Promise<Page<StaffMessage>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.kind) add('n.kind = ?', filter.kind);
    if (filter.status) add(`${STATUS_SQL} = ?`, filter.status);
    if (filter.channel) add('n.channel = ?', filter.channel);
    if (filter.day) add(`${SEOUL_DAY} = ?::date`, filter.day);
    params.push(limit, offset);
    const { rows } = await this.sql.query<Record<string, unknown>>(
      `SELECT n.*, n.notification_id::text AS notification_id, ${STATUS_SQL} AS shown_status, count(*) OVER () AS total
       FROM notifications n ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY n.planned_at DESC, n.notification_id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return {
      items: rows.map((row) => ({
        ...ownMessage(row),
        recipientId: String(row.recipient_id),
        eventType: String(row.event_type),
        sendRound: Number(row.send_round),
        attempts: Number(row.attempts),
        provider: (row.provider as string | null) ?? null,
        failureCode: (row.failure_code as string | null) ?? null,
        failureMessage: (row.failure_message as string | null) ?? null,
        skipReason: (row.skip_reason as string | null) ?? null,
        resentBy: (row.resent_by as string | null) ?? null,
        excludedChannels: (row.excluded_channels as ChannelName[]) ?? [],
      })),
      total: rows.length > 0 ? Number(rows[0].total) : 0,
      limit,
      offset,
    };
  }

  /** Per channel: attempts and their failure reasons, and what providers reported of what they accepted. */
  async deliveryRates(day?: string): Promise<DeliveryRates> {
    const params = day ? [day] : [];
    const onDay = day ? `AND ${SEOUL_DAY} = $1::date` : '';
    const { rows: attempts } = await this.sql.query<{ channel: ChannelName; outcome: string; error_code: string | null; count: string }>(
      `SELECT a.channel, a.outcome, a.error_code, count(*)::text AS count
       FROM notification_attempts a JOIN notifications n ON n.notification_id = a.notification_id
       WHERE true ${onDay} GROUP BY a.channel, a.outcome, a.error_code`,
      params,
    );
    const { rows: reports } = await this.sql.query<{ channel: ChannelName; delivered: string; undelivered: string; awaiting: string }>(
      `SELECT n.channel,
              count(*) FILTER (WHERE n.delivery_status = 'delivered')::text AS delivered,
              count(*) FILTER (WHERE n.delivery_status = 'undelivered')::text AS undelivered,
              count(*) FILTER (WHERE n.status = 'sent' AND n.delivery_status IS NULL)::text AS awaiting
       FROM notifications n WHERE n.channel IS NOT NULL ${onDay} GROUP BY n.channel`,
      params,
    );
    // An Alimtalk reported undelivered fell back: its notification now names the SMS, so count those from the receipts.
    const { rows: fellBack } = await this.sql.query<{ count: string }>(
      `SELECT count(*)::text AS count FROM notifications n
       WHERE 'alimtalk' = ANY(n.excluded_channels) AND n.failure_code = 'undelivered' ${onDay}`,
      params,
    );
    const channels = CHANNELS.map((channel): ChannelDelivery => {
      const mine = attempts.filter((row) => row.channel === channel);
      const total = mine.reduce((sum, row) => sum + Number(row.count), 0);
      const accepted = mine.filter((row) => row.outcome === 'sent').reduce((sum, row) => sum + Number(row.count), 0);
      const report = reports.find((row) => row.channel === channel);
      const delivered = Number(report?.delivered ?? 0);
      const undelivered = Number(report?.undelivered ?? 0) + (channel === 'alimtalk' ? Number(fellBack[0]?.count ?? 0) : 0);
      const failures = new Map<string, number>();
      for (const row of mine.filter((r) => r.outcome !== 'sent'))
        failures.set(row.error_code ?? 'unknown', (failures.get(row.error_code ?? 'unknown') ?? 0) + Number(row.count));
      if (channel === 'alimtalk' && undelivered > 0) failures.set('undelivered', (failures.get('undelivered') ?? 0) + undelivered);
      return {
        channel,
        attempts: total,
        accepted,
        delivered,
        undelivered,
        awaitingReport: Number(report?.awaiting ?? 0),
        deliveryRate: delivered + undelivered > 0 ? delivered / (delivered + undelivered) : null,
        acceptanceRate: total > 0 ? accepted / total : null,
        failures: [...failures].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
      };
    });
    return { day: day ?? null, channels };
  }
}
