import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The raffle's read model, owned by the raffle-certifications projection:
 *   - `raffle_certifications`: one row per certification: whose (citizen, pseudonymous person),
 *     its evidence, its state and review. `contact` is the sealed name and phone exactly as the
 *     event carries it: ciphertext under the person's own key, unreadable once they are erased.
 *     Staff's review queue is its pending rows; a citizen sees their own rows.
 */
export class CreateRaffleCertifications1732400000000 implements MigrationInterface {
  name = 'CreateRaffleCertifications1732400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE raffle_certifications (
        certification_id text PRIMARY KEY,
        campaign_id      text NOT NULL,
        round            integer NOT NULL CHECK (round >= 1),
        citizen_id       text NOT NULL,
        person_id        text NOT NULL,
        contact          text NOT NULL,
        consent_version  text NOT NULL,
        evidence_kind    text NOT NULL CHECK (evidence_kind IN ('prepayment', 'receipt_photo')),
        prepayment_id    text,
        photo_id         text,
        amount           bigint NOT NULL CHECK (amount > 0),
        shop_name        text,
        paid_on          date NOT NULL,
        status           text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        reason           text,
        entry_id         text,
        reviewer_id      text,
        submitted_at     timestamptz NOT NULL,
        decided_at       timestamptz
      )`);
    await db.query(`CREATE INDEX raffle_certifications_citizen ON raffle_certifications (citizen_id, submitted_at)`);
    await db.query(`CREATE INDEX raffle_certifications_pending ON raffle_certifications (submitted_at) WHERE status = 'pending'`);
    await db.query(`CREATE INDEX raffle_certifications_person ON raffle_certifications (campaign_id, person_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE raffle_certifications`);
  }
}
