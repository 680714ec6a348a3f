import { Inject, Injectable } from '@nestjs/common';
import type { OutboxJob, ProjectedEvent, ReactorWithoutMetadata, Sql } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { decideDelivery, type SkipReason } from '../delivery/delivery-decision';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { readDeliveryFacts } from '../recipients/recipient-directory';
import { EVENT_ROUTES, type EventRoute } from '../routing/event-routes';
import { BatchFacts, FACT_RECORDERS, noFactKeys, recordingFacts } from '../routing/planner-facts';
import type { NotificationKind } from '../kinds/notification-kinds';
import { sendBatchJobs } from '../sending/notification-queue';
import { templateFor } from '../templates/catalogue';
import type { TemplateVariables } from '../templates/render';
import { notificationIdFor } from './notification-id';

export const NOTIFICATION_PLANNER = 'notification-planner';

/** One notification a batch plans, in event order. */
interface PlannedNotification {
  notificationId: string;
  event: ProjectedEvent;
  recipientId: string;
  kind: NotificationKind;
  templateId: string;
  templateVersion: number;
  variables: TemplateVariables;
  /** Not to be sent at all, known when planned: too old, or nobody can or may receive it. */
  skipReason: 'stale' | SkipReason | null;
}

/**
 * The reactor that turns events into messages: one `notifications` row per (event, recipient,
 * kind), the message's own record, and the new ones in send batches in the outbox (a job per kind
 * and up to SEND_BATCH_SIZE messages), both in the checkpoint's transaction. So each event is
 * planned exactly once and each planned message is enqueued once (the outbox sends the batch,
 * with a job id of its first message), whatever dies when.
 *
 * A replay (rebuild from 0, a redelivered batch) finds the rows already there and asks for no
 * job again; the facts it keeps to find recipients are upserts. Events older than
 * `planEventsWithinMs` when planned are recorded as skipped ('stale'): deploying the planner
 * over an existing log must not message everyone about last year.
 *
 * A batch is planned as a set, with what planning event by event would give: the routes first
 * run on recording facts (a dry run) to learn which facts the batch reads, those are loaded in
 * one query per fact table, and each event's facts are laid over them in order before its
 * routes run (a redemption finds the payer its prepayment, earlier in the batch, told). Then
 * one statement per fact table, and one for every notification of the batch. The dry run
 * rather than a list of ids per event type: the routes stay the one place that says what a
 * message needs.
 */
@Injectable()
export class NotificationPlanner implements ReactorWithoutMetadata {
  readonly kind = 'reactor';
  /** Who caused an event or why changes no message: its batches are read without the metadata. */
  readonly readsMetadata = false;
  readonly name = NOTIFICATION_PLANNER;
  readonly eventTypes = [...new Set([...Object.keys(FACT_RECORDERS), ...EVENT_ROUTES.map((r) => r.eventType)])];

  constructor(
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  async react(events: readonly ProjectedEvent[], sql: Sql): Promise<OutboxJob[]> {
    const now = this.clock.now();
    const keys = noFactKeys();
    const recording = recordingFacts(keys);
    await this.eachRoute(events, async (event, route) => void (await route.recipients(event, recording)));
    const facts = await BatchFacts.load(sql, keys);
    const planned: PlannedNotification[] = [];
    await this.eachRoute(
      events,
      async (event, route) => {
        const template = templateFor(route.template);
        const stale = now.getTime() - event.recordedAt.getTime() > this.options.planEventsWithinMs;
        for (const { recipientId, variables } of await route.recipients(event, facts)) {
          planned.push({
            notificationId: notificationIdFor(event.id, recipientId, route.kind),
            event,
            recipientId,
            kind: route.kind,
            templateId: template.id,
            templateVersion: template.version,
            variables,
            skipReason: stale ? 'stale' : null,
          });
        }
      },
      (event) => {
        const fact = FACT_RECORDERS[event.type]?.(event);
        if (fact) facts.remember(fact);
      },
    );
    await facts.save(sql);
    await this.skipUnreachable(planned, sql, now);
    const inserted = await this.insert(sql, planned, now);
    // Only a message planned just now, and only one to send: a replay or a skipped message asks for nothing.
    const toSend = planned.filter((row) => row.skipReason === null && inserted.delete(row.notificationId));
    return sendBatchJobs(
      toSend.map((row) => ({ notificationId: row.notificationId, kind: row.kind, eventId: row.event.id })),
      this.options,
    );
  }

  /**
   * Marks skipped what nobody can or may receive now (no contact details, opted out), by the
   * sender's own decision on the recipients' facts, read for the whole batch at once. After an
   * import most messages may be such, and each cost a send's lock, five statements and two
   * commits. The others are decided again when sent (quiet hours, details removed since).
   */
  private async skipUnreachable(planned: PlannedNotification[], sql: Sql, now: Date): Promise<void> {
    const fresh = planned.filter((row) => row.skipReason === null);
    if (fresh.length === 0) return;
    const facts = await readDeliveryFacts(
      sql,
      fresh.map((row) => row.recipientId),
    );
    for (const row of fresh) {
      const { preferences, presence } = facts.get(row.recipientId)!;
      const decision = decideDelivery(row.kind, preferences, presence, now);
      if (decision.action === 'skip') row.skipReason = decision.reason;
    }
  }

  /** Runs `each` for every route of every event, in order, after `before` for the event; an error names the event. */
  private async eachRoute(
    events: readonly ProjectedEvent[],
    each: (event: ProjectedEvent, route: EventRoute) => Promise<void>,
    before?: (event: ProjectedEvent) => void,
  ): Promise<void> {
    for (const event of events) {
      try {
        before?.(event);
        for (const route of ROUTES_BY_TYPE.get(event.type) ?? []) await each(event, route);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`reactor ${this.name} failed on ${event.type} at position ${event.globalPosition}: ${reason}`, { cause: error });
      }
    }
  }

  /**
   * Every notification of the batch in one statement (`plan_notifications`, see its migration:
   * a batch planned for the first time is inserted without a conflict check); returns the ids
   * it inserted to be sent (pending): a replay finds its rows there and inserts nothing, and a
   * message planned skipped asks for no send. Only those come back: RETURNING every inserted id
   * sent the worker a million ids in a catch-up, none of them sent.
   *
   * The variables go as one JSON array (a text PostgreSQL parses once) rather than a jsonb[]:
   * each element of an array parameter is quoted and escaped by the driver, and a JSON object is
   * mostly quotes.
   */
  private async insert(sql: Sql, planned: readonly PlannedNotification[], now: Date): Promise<Set<string>> {
    if (planned.length === 0) return new Set();
    const column = <T>(of: (row: PlannedNotification) => T) => planned.map(of);
    const { rows } = await sql.query<{ pending: string[] }>(
      `SELECT plan_notifications($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)::text[] AS pending`,
      [
        column((row) => row.notificationId),
        column((row) => row.event.id),
        column((row) => row.event.type),
        column((row) => row.event.globalPosition),
        column((row) => row.recipientId),
        column((row) => row.kind),
        column((row) => row.templateId),
        column((row) => row.templateVersion),
        JSON.stringify(column((row) => row.variables)),
        column((row) => (row.skipReason === null ? 'pending' : 'skipped')),
        column((row) => row.skipReason),
        now,
      ],
      'goodpay_plan_notifications',
    );
    return new Set(rows[0].pending);
  }
}

/** The routes of each event type, in their order in EVENT_ROUTES. */
const ROUTES_BY_TYPE = EVENT_ROUTES.reduce(
  (byType, route) => byType.set(route.eventType, [...(byType.get(route.eventType) ?? []), route]),
  new Map<string, EventRoute[]>(),
);
