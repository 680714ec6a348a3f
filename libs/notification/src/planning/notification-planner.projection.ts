import { Inject, Injectable } from '@nestjs/common';
import type { Projection, RecordedEvent, Sql } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { NOTIFICATION_OPTIONS, type ResolvedNotificationOptions } from '../notification-options';
import { EVENT_ROUTES } from '../routing/event-routes';
import { FACT_RECORDERS, FACT_TABLES, factsOn } from '../routing/planner-facts';
import { templateFor } from '../templates/catalogue';
import { notificationIdFor } from './notification-id';

export const NOTIFICATION_PLANNER = 'notification-planner';

/**
 * Turns events into notifications to send: one `notifications` row per (event, recipient,
 * kind), inserted in the same transaction as the checkpoint, so each event is planned exactly
 * once; the dispatcher then hands pending rows to the 'notifications' queue.
 *
 * A replay (rebuild from 0, a redelivered batch) finds the rows already there and sends
 * nothing again: `reset` empties the facts only, never the notifications. Events older than
 * `planEventsWithinMs` when planned are recorded as skipped ('stale'): deploying the planner
 * over an existing log must not message everyone about last year.
 */
@Injectable()
export class NotificationPlannerProjection implements Projection {
  readonly name = NOTIFICATION_PLANNER;
  readonly eventTypes = [...new Set([...Object.keys(FACT_RECORDERS), ...EVENT_ROUTES.map((r) => r.eventType)])];

  constructor(
    private readonly clock: Clock,
    @Inject(NOTIFICATION_OPTIONS) private readonly options: ResolvedNotificationOptions,
  ) {}

  async apply(events: readonly RecordedEvent[], sql: Sql): Promise<void> {
    const facts = factsOn(sql);
    const now = this.clock.now();
    for (const event of events) {
      try {
        await FACT_RECORDERS[event.type]?.(event, sql);
        const stale = now.getTime() - event.recordedAt.getTime() > this.options.planEventsWithinMs;
        for (const route of EVENT_ROUTES.filter((r) => r.eventType === event.type)) {
          const template = templateFor(route.template);
          for (const { recipientId, variables } of await route.recipients(event, facts)) {
            await sql.query(
              `INSERT INTO notifications (notification_id, event_id, event_type, event_position, recipient_id, kind,
                 template_id, template_version, variables, status, skip_reason, planned_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
               ON CONFLICT (event_id, recipient_id, kind) DO NOTHING`,
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
          }
        }
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`projection ${this.name} failed on ${event.type} at position ${event.globalPosition}: ${reason}`, { cause: error });
      }
    }
  }

  /** Forgets the facts only: notifications already planned (and sent) must never be planned again. */
  async reset(sql: Sql): Promise<void> {
    for (const table of FACT_TABLES) await sql.query(`DELETE FROM ${table}`);
  }
}
