import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts the raffle messages need: who submitted a certification (its approval, rejection and
 * award name only the certification and a pseudonymous person), and each campaign's name (a
 * round is told as "<campaign> 1회차").
 */
export class AddRaffleFacts1732106200000 implements MigrationInterface {
  name = 'AddRaffleFacts1732106200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_raffle_certifications (
        certification_id text PRIMARY KEY,
        citizen_id       text NOT NULL
      )`);
    await db.query(`
      CREATE TABLE notification_campaign_names (
        campaign_id text PRIMARY KEY,
        name        text NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE notification_campaign_names`);
    await db.query(`DROP TABLE notification_raffle_certifications`);
  }
}
