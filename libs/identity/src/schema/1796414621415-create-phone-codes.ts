import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One-time codes that prove a person holds the phone their messages go to. A code is never
 * stored: only an HMAC-SHA256 of (user, phone, code) under a random per-row salt. The phone is
 * kept only as the same kind of HMAC, so the table holds no number. `attempts` counts wrong
 * guesses (five at most), `expires_at` ends a code after five minutes, `confirmed_at` spends it.
 * Rows are working state, not history: the fact a phone was verified is an event.
 */
export class CreatePhoneCodes1796414621415 implements MigrationInterface {
  name = 'CreatePhoneCodes1796414621415';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE identity_phone_codes (
        code_id      uuid PRIMARY KEY,
        user_id      text NOT NULL,
        salt         bytea NOT NULL CHECK (octet_length(salt) = 16),
        phone_hash   bytea NOT NULL CHECK (octet_length(phone_hash) = 32),
        code_hash    bytea NOT NULL CHECK (octet_length(code_hash) = 32),
        attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        sent_at      timestamptz NOT NULL,
        expires_at   timestamptz NOT NULL,
        confirmed_at timestamptz
      )`);
    await db.query(`CREATE INDEX identity_phone_codes_user ON identity_phone_codes (user_id, sent_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE identity_phone_codes`);
  }
}
