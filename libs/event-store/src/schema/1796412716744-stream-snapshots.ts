import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `stream_snapshots`: a stream's folded state at a version, so a command on a long stream
 * reads that and the events after it instead of the whole stream. A cache: never a fact, never
 * read by projections, written after the events it folds are committed; `schema` names the
 * decider's encoding and the event schemas it was folded under, and a reader with another
 * ignores it. Deleting every row loses nothing.
 */
export class StreamSnapshots1796412716744 implements MigrationInterface {
  name = 'StreamSnapshots1796412716744';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE stream_snapshots (
        stream_id text PRIMARY KEY,
        schema    text NOT NULL,
        version   integer NOT NULL CHECK (version > 0),
        state     jsonb NOT NULL,
        taken_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE stream_snapshots`);
  }
}
