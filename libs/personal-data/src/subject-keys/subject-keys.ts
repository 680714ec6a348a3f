import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, type Sql, sqlOn } from '@goodpay/event-store';
import { type Actor, Clock, InvalidInputError } from '@goodpay/shared';
import { decrypt, encrypt } from '../crypto/aead';
import { DERIVED_KEYS } from '../keys/derived-keys.provider';
import type { DerivedKeys } from '../keys/personal-data-keys';
import { SubjectErasedError } from '../errors';

const WRAP_FORMAT = 1;
const DATA_KEY_BYTES = 32;

/** Authenticated with the wrapped key: a wrapped key copied onto another subject's row does not unwrap. */
const wrapContext = (subjectId: string) => `goodpay/personal-data/key/v${WRAP_FORMAT}:${subjectId}`;

/**
 * Serialises key creation (and the adoption of a legacy subject by the index) against
 * erasure for one subject, and nothing else: creators take the lock shared (two first seals
 * run together and meet in ON CONFLICT), erasure takes it exclusive, so no key or index row
 * is ever created after, or during, an erasure of the same subject. Held to the transaction's end.
 */
export async function lockSubject(sql: Sql, subjectId: string, mode: 'shared' | 'exclusive'): Promise<void> {
  const lock = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await sql.query(`SELECT ${lock}(hashtextextended('goodpay/personal-data/subject:' || $1, 0))`, [subjectId]);
}

/** A subject id as callers pass it: any non-blank text, stored as given. */
export function checkSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.trim() === '' || subjectId.length > 200) {
    throw new InvalidInputError('subjectId must be non-blank text of at most 200 characters', undefined, 'invalid_subject_id');
  }
}

/**
 * Each subject's own AES-256 data key: made on first use, stored only wrapped by the master
 * key, and deleted by erasure. Never cached in memory: another replica may have erased it.
 */
@Injectable()
export class SubjectKeys {
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DERIVED_KEYS) private readonly keys: DerivedKeys,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /** The subject's data key, or null when they have none (never used, or erased). */
  async find(subjectId: string, sql: Sql = this.sql): Promise<Buffer | null> {
    const { rows } = await sql.query<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM personal_data_keys WHERE subject_id = $1', [
      subjectId,
    ]);
    return rows[0] ? this.unwrap(subjectId, rows[0].wrapped_key) : null;
  }

  /** The subject's data key, made now if they have none; subject_erased (410) once erased. */
  async findOrCreate(subjectId: string): Promise<Buffer> {
    const existing = await this.find(subjectId);
    if (existing) return existing;
    return inTransaction(this.dataSource, async (sql) => {
      await lockSubject(sql, subjectId, 'shared');
      if (await this.erased(subjectId, sql)) throw new SubjectErasedError(subjectId);
      const dataKey = randomBytes(DATA_KEY_BYTES);
      // A concurrent first use may have inserted first: its key wins, and both read it back.
      await sql.query(
        `INSERT INTO personal_data_keys (subject_id, wrapped_key, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, this.wrap(subjectId, dataKey), this.clock.now()],
      );
      dataKey.fill(0);
      const key = await this.find(subjectId, sql);
      if (!key) throw new Error(`personal data key of ${subjectId} vanished while it was being created`);
      return key;
    });
  }

  /**
   * Crypto-shredding: records the erasure (the first one stays), deletes the key, which
   * cascades to the photos, and the subject's rows of the identity index, so the subject id
   * left in events links to no phone any more. Idempotent.
   */
  async erase(subjectId: string, reason: string, by: Actor): Promise<void> {
    await inTransaction(this.dataSource, async (sql) => {
      await lockSubject(sql, subjectId, 'exclusive');
      await sql.query(
        `INSERT INTO personal_data_erasures (subject_id, reason, erased_by_id, erased_by_role, erased_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subject_id) DO NOTHING`,
        [subjectId, reason, by.id, by.role, this.clock.now()],
      );
      await sql.query('DELETE FROM personal_data_keys WHERE subject_id = $1', [subjectId]);
      await sql.query('DELETE FROM personal_data_subject_index WHERE subject_id = $1', [subjectId]);
    });
  }

  /** Those of `subjectIds` that were erased, in one query (a round can hold tens of thousands). */
  async erasedAmong(subjectIds: readonly string[]): Promise<string[]> {
    if (subjectIds.length === 0) return [];
    const { rows } = await this.sql.query<{ subject_id: string }>(
      'SELECT subject_id FROM personal_data_erasures WHERE subject_id = ANY($1)',
      [subjectIds],
    );
    return rows.map((r) => r.subject_id);
  }

  async erased(subjectId: string, sql: Sql = this.sql): Promise<boolean> {
    const { rows } = await sql.query('SELECT 1 FROM personal_data_erasures WHERE subject_id = $1', [subjectId]);
    return rows.length > 0;
  }

  private wrap(subjectId: string, dataKey: Buffer): Buffer {
    return Buffer.concat([Buffer.of(WRAP_FORMAT), encrypt(this.keys.keyWrapping, dataKey, wrapContext(subjectId))]);
  }

  private unwrap(subjectId: string, wrapped: Buffer): Buffer {
    const key = wrapped[0] === WRAP_FORMAT ? decrypt(this.keys.keyWrapping, wrapped.subarray(1), wrapContext(subjectId)) : null;
    // Not a refusal of the caller's input: the configured master key is not the one the key
    // was wrapped with, or the row was altered. An operator must look (500).
    if (!key) throw new Error(`the personal data key of subject ${subjectId} does not unwrap with the configured master key`);
    return key;
  }
}
