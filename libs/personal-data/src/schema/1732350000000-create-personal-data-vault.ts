import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data vault. Mutable tables, deliberately apart from the append-only events
 * table: erasing a person must really delete something.
 *
 *   - `personal_data_keys`: one data key per subject, wrapped (AES-256-GCM) by a key derived
 *     from the master key, which is configuration and never stored here. Deleting the row is
 *     the erasure: every ciphertext under that key, in events or elsewhere, becomes noise.
 *   - `personal_data_erasures`: who erased whom, when and why; it also stops a new key from
 *     ever being made for an erased subject.
 *   - `personal_data_photos`: photos encrypted under their subject's key. The foreign key
 *     with ON DELETE CASCADE makes erasing the key erase the photos in the same statement,
 *     and makes a photo stored concurrently with an erasure fail instead of outliving it.
 *   - `personal_data_access_log`: staff reads (who, whose, why, when), never the data.
 */
export class CreatePersonalDataVault1732350000000 implements MigrationInterface {
  name = 'CreatePersonalDataVault1732350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE personal_data_keys (
        subject_id  text PRIMARY KEY,
        wrapped_key bytea NOT NULL,
        created_at  timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE personal_data_erasures (
        subject_id     text PRIMARY KEY,
        reason         text NOT NULL,
        erased_by_id   text NOT NULL,
        erased_by_role text NOT NULL,
        erased_at      timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE personal_data_photos (
        photo_id     uuid PRIMARY KEY,
        subject_id   text NOT NULL REFERENCES personal_data_keys (subject_id) ON DELETE CASCADE,
        content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
        size         integer NOT NULL CHECK (size > 0 AND size <= 10485760),
        sha256       text NOT NULL,
        ciphertext   bytea NOT NULL,
        created_at   timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX personal_data_photos_subject ON personal_data_photos (subject_id)`);
    await db.query(`
      CREATE TABLE personal_data_access_log (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subject_id  text NOT NULL,
        actor_id    text NOT NULL,
        actor_role  text NOT NULL,
        purpose     text NOT NULL CHECK (purpose <> ''),
        accessed_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX personal_data_access_log_subject ON personal_data_access_log (subject_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE personal_data_access_log`);
    await db.query(`DROP TABLE personal_data_photos`);
    await db.query(`DROP TABLE personal_data_erasures`);
    await db.query(`DROP TABLE personal_data_keys`);
  }
}
