import { createHmac, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { inTransaction, type Sql, sqlOn } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import { DERIVED_KEYS } from '../keys/derived-keys.provider';
import type { DerivedKeys } from '../keys/personal-data-keys';
import { lockSubject, SubjectKeys } from '../subject-keys/subject-keys';
import { normaliseIdentity, type PersonIdentity } from './person-identity';

/** 122 random bits: says nothing about the person, and cannot be recomputed from anything. */
const newSubjectId = (): string => `subject-${randomUUID()}`;

/**
 * The sealed index from a person's identity to their random subject id
 * (`personal_data_subject_index`): a keyed lookup, so the table shows no phone, and rows that
 * erasure deletes with the subject's key (`SubjectKeys.erase`), so afterwards the subject id
 * left in events links to nothing. A person who comes back after an erasure is a new subject.
 */
@Injectable()
export class SubjectIndex {
  private readonly sql: Sql;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(DERIVED_KEYS) private readonly keys: DerivedKeys,
    private readonly subjectKeys: SubjectKeys,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /**
   * The person's subject id, made on first use. Two first uses at once agree on one: they meet
   * on the lookup's primary key (INSERT ... ON CONFLICT DO NOTHING, then read back). A living
   * person recorded before subjects were random keeps their old id (see `legacyPersonId`).
   */
  async subjectFor(identity: PersonIdentity): Promise<string> {
    const normalised = normaliseIdentity(identity);
    const lookup = createHmac('sha256', this.keys.subjectIndex).update(`${normalised.scheme}:${normalised.value}`).digest();
    const found = await this.find(lookup, this.sql);
    if (found) return found;
    return inTransaction(this.dataSource, async (sql) => {
      let candidate = newSubjectId();
      const legacy = this.legacyPersonId(normalised);
      if (legacy) {
        // Adopted only while it still has a key, checked under the lock its erasure takes.
        await lockSubject(sql, legacy, 'shared');
        if (await this.subjectKeys.find(legacy, sql)) candidate = legacy;
      }
      await sql.query(
        `INSERT INTO personal_data_subject_index (lookup, subject_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (lookup) DO NOTHING`,
        [lookup, candidate, this.clock.now()],
      );
      const subjectId = await this.find(lookup, sql);
      if (!subjectId) throw new Error('a subject index row vanished while it was being created');
      return subjectId;
    });
  }

  private async find(lookup: Buffer, sql: Sql): Promise<string | null> {
    const { rows } = await sql.query<{ subject_id: string }>('SELECT subject_id FROM personal_data_subject_index WHERE lookup = $1', [
      lookup,
    ]);
    return rows[0]?.subject_id ?? null;
  }

  /**
   * The id a phone had before subjects were random: 'person-' + HMAC(hash key, phone). Only
   * recomputed here, to find a living person of the old kind; never written anew.
   */
  private legacyPersonId(identity: PersonIdentity): string | null {
    if (identity.scheme !== 'korean_mobile') return null;
    return `person-${createHmac('sha256', this.keys.legacyPersonId).update(identity.value).digest('hex')}`;
  }
}
