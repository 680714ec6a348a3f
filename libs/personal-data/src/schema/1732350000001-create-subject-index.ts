import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealed index from a person's identity (today a phone number, later a verified CI) to
 * their random subject id. Events carry only the subject id, which is random and so says
 * nothing by itself; this table is the one place that ties it to the identity, and erasing
 * the subject deletes its rows together with its key, so afterwards nothing links back.
 *
 *   - `lookup`: HMAC-SHA256 of the scheme and the normalised identity, under a key derived
 *     from the master key (configuration, never stored here). Primary key: two first uses of
 *     one identity meet here and agree on one subject.
 *   - `subject_id`: not unique; one subject may later be reached by several identities.
 */
export class CreateSubjectIndex1732350000001 implements MigrationInterface {
  name = 'CreateSubjectIndex1732350000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE personal_data_subject_index (
        lookup     bytea PRIMARY KEY CHECK (octet_length(lookup) = 32),
        subject_id text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX personal_data_subject_index_subject ON personal_data_subject_index (subject_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE personal_data_subject_index`);
  }
}
