import { Inject, Injectable } from '@nestjs/common';
import type { OutboxJob, Reactor, RecordedEvent, Sql } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { EVENT_ROUTES } from '../routing/event-routes';
import { FACT_RECORDERS, factsOn } from '../routing/planner-facts';
import type { NotificationKind } from '../kinds/notification-kinds';
import { sendJob } from '../sending/notification-queue';
import { templateFor } from '../templates/catalogue';
import { notificationIdFor } from './notification-id';

export const NOTIFICATION_PLANNER = 'notification-planner';

/**
 * The reactor that turns events into messages: one `notifications` row per (event, recipient,
 * kind), the message's own record, and for each new one a send job in the outbox, both in the
 * checkpoint's transaction. So each event is planned exactly once and each planned message is
 * enqueued once (the outbox sends it, with a job id of notification and round), whatever dies when.
 *
 * A replay (rebuild from 0, a redelivered batch) finds the rows already there and asks for no
 * job again; the facts it keeps to find recipients are upserts. Events older than
 * `planEventsWithinMs` when planned are recorded as skipped ('stale'): deploying the planner
 * over an existing log must not message everyone about last year.
 */
@Injectable()
export class NotificationPlanner implements Reactor {
  readonly kind = 'reactor';
  readonly name = NOTIFICATION_PLANNER;
  readonly eventTypes = [...new Set([...Object.keys(FACT_RECORDERS), ...EVENT_ROUTES.map((r) => r.eventType)])];

  constructor(
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  async react(events: readonly RecordedEvent[], sql: Sql): Promise<OutboxJob[]> {
    const facts = factsOn(sql);
    const now = this.clock.now();
    const jobs: OutboxJob[] = [];
    for (const event of events) {
      try {
        await FACT_RECORDERS[event.type]?.(event, sql);
        const stale = now.getTime() - event.recordedAt.getTime() > this.options.planEventsWithinMs;
        for (const route of EVENT_ROUTES.filter((r) => r.eventType === event.type)) {
          const template = templateFor(route.template);
          for (const { recipientId, variables } of await route.recipients(event, facts)) {
            const { rows } = await sql.query<{ notification_id: string; kind: NotificationKind }>(
              `INSERT INTO notifications (notification_id, event_id, event_type, event_position, recipient_id, kind,
                 template_id, template_version, variables, status, skip_reason, planned_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (event_id, recipient_id, kind) DO NOTHING
               RETURNING notification_id::text, kind`,
              [
                notificationIdFor(event.id, recipientId, route.kind),
                event.id,
                event.type,
                event.globalPosition,
                recipientId,
                route.kind,
                template.id,
                template.version,
                JSON.stringify(variables),
                stale ? 'skipped' : 'pending',
                stale ? 'stale' : null,
                now,
              ],
            );
            // Only a message planned just now, and only one to send: a replay or a stale event asks for nothing.
            if (rows[0] && !stale)
              jobs.push(
                sendJob({ notificationId: rows[0].notification_id, kind: rows[0].kind, round: 0, eventId: event.id }, this.options),
              );
          }
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`reactor ${this.name} failed on ${event.type} at position ${event.globalPosition}: ${reason}`, { cause: error });
      }
    }
    return jobs;
  }
}
