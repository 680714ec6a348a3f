import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `plan_notifications`: a batch's planned messages inserted without a conflict check, unless
 * they are there already.
 *
 * Why: each message's id is derived from its event, recipient and kind, and the planner's
 * checkpoint moves with its inserts, so a batch planned for the first time conflicts with
 * nothing. Yet `ON CONFLICT DO NOTHING` checked every row first (a speculative insertion, its
 * index probe and token): 13 % of PostgreSQL's CPU in the planner's catch-up (1.58-1.60 s
 * against 1.78-1.84 s per 100,000 events, `bench/consumer-costs.ts`). Only a replay (a rebuild
 * from 0) finds its rows there: the plain insert then fails on the primary key at once, and the
 * batch is inserted again with the check, inside the same call (an exception block: a
 * subtransaction per call, one per batch).
 *
 * Returns the ids of the new messages to be sent (pending), as the planner's statement did.
 */
export class PlanNotificationsFunction1796426400000 implements MigrationInterface {
  name = 'PlanNotificationsFunction1796426400000';

  async up(db: QueryRunner): Promise<void> {
    const insert = (onConflict: string) => `
      WITH inserted AS (
        INSERT INTO notifications AS t (notification_id, event_id, event_type, event_position, recipient_id, kind,
          template_id, template_version, variables, status, skip_reason, planned_at)
        SELECT n.*, p_planned_at
        FROM ROWS FROM (unnest(p_ids), unnest(p_event_ids), unnest(p_event_types), unnest(p_event_positions), unnest(p_recipient_ids),
                        unnest(p_kinds), unnest(p_template_ids), unnest(p_template_versions), jsonb_array_elements(p_variables),
                        unnest(p_statuses), unnest(p_skip_reasons))
          AS n (notification_id, event_id, event_type, event_position, recipient_id, kind, template_id, template_version,
                variables, status, skip_reason)
        ${onConflict}
        RETURNING t.notification_id, t.status)
      SELECT coalesce(array_agg(i.notification_id) FILTER (WHERE i.status = 'pending'), '{}') INTO pending FROM inserted i;`;
    await db.query(`
      CREATE FUNCTION plan_notifications(
        p_ids uuid[], p_event_ids uuid[], p_event_types text[], p_event_positions bigint[], p_recipient_ids text[],
        p_kinds text[], p_template_ids text[], p_template_versions integer[], p_variables jsonb, p_statuses text[],
        p_skip_reasons text[], p_planned_at timestamptz)
      RETURNS uuid[] LANGUAGE plpgsql AS $$
      DECLARE
        pending uuid[];
      BEGIN
        BEGIN
          ${insert('')}
        EXCEPTION WHEN unique_violation THEN
          -- A replay: some of the batch is planned already; those rows stay as they are.
          ${insert('ON CONFLICT (notification_id) DO NOTHING')}
        END;
        RETURN pending;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION plan_notifications`);
  }
}
