import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `prepayment_redemptions` loses its foreign key to `prepayment_balances`: the balance
 * projection, the only writer of both, is what keeps a redemption to a known prepayment.
 *
 * Why: the key checked each inserted redemption with a query of its own against the balances, a
 * third of the projection's database CPU on a backlog (200,000 events in batches of 5,000,
 * bench/consumer-costs.ts, two runs each: 4.1-4.9 -> 3.1-3.2 s), to repeat a rule the projection
 * already enforces: its statement refuses a redemption of a prepayment neither stored nor made
 * earlier in the range ("no prepayment", tested case by case in prepayment-balances-range.test.ts),
 * in the same statement's snapshot, under the consumer's lock, before anything is written. A
 * deleted rehearsal's redemptions still go before its balances, in one transaction.
 */
export class RedemptionsCheckedByTheProjection1796426200000 implements MigrationInterface {
  name = 'RedemptionsCheckedByTheProjection1796426200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE prepayment_redemptions DROP CONSTRAINT prepayment_redemptions_prepayment_id_fkey`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE prepayment_redemptions ADD CONSTRAINT prepayment_redemptions_prepayment_id_fkey
        FOREIGN KEY (prepayment_id) REFERENCES prepayment_balances (prepayment_id)`);
  }
}
