import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A certification can end `withdrawn`: approved, but its prepayment was refunded before the
 * round's list was frozen (`reason` says why, e.g. `prepayment_refunded`).
 */
export class AllowWithdrawnCertifications1732400000001 implements MigrationInterface {
  name = 'AllowWithdrawnCertifications1732400000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE raffle_certifications DROP CONSTRAINT raffle_certifications_status_check`);
    await db.query(`ALTER TABLE raffle_certifications ADD CONSTRAINT raffle_certifications_status_check
      CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE raffle_certifications DROP CONSTRAINT raffle_certifications_status_check`);
    await db.query(`ALTER TABLE raffle_certifications ADD CONSTRAINT raffle_certifications_status_check
      CHECK (status IN ('pending', 'approved', 'rejected'))`);
  }
}
