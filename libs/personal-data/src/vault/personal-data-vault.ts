import { Injectable } from '@nestjs/common';
import { type Actor, InvalidInputError } from '@goodpay/shared';
import { AccessLog, type AccessLogEntry, checkAccess, type PersonalDataAccess } from '../access-log/access-log';
import { SealedDataInvalidError } from '../errors';
import type { PersonIdentity } from '../subject-index/person-identity';
import { SubjectIndex } from '../subject-index/subject-index';
import { checkSubjectId, SubjectKeys } from '../subject-keys/subject-keys';
import { boxOf, checkFields, openFields, type PersonalFields, sealFields } from './sealed-fields';

/**
 * Names, phones and other personal fields, encrypted with a key of their own per person
 * (subject) that lives here and not in the event stream. Events carry the random subject id
 * and the sealed string; erasing the subject (crypto-shredding) deletes its key and its index
 * rows, which leaves the events intact, the person unreadable and the subject id unlinkable.
 */
@Injectable()
export class PersonalDataVault {
  constructor(
    private readonly subjectKeys: SubjectKeys,
    private readonly subjectIndex: SubjectIndex,
    private readonly auditTrail: AccessLog,
  ) {}

  /**
   * The person's subject id: random ('subject-' + UUIDv4), made on first use and found again
   * through the sealed index for as long as the subject is not erased. Same phone -> same
   * subject, in any written form, also for two first uses at once; invalid_phone (400) when it
   * is not a Korean mobile. After an erasure the same phone gets a new subject.
   */
  subjectFor(identity: PersonIdentity): Promise<string> {
    return this.subjectIndex.subjectFor(identity);
  }

  /**
   * Encrypts `fields` with the subject's own data key (made on first use). Returns an opaque
   * string safe to put in an event. subject_erased (410) once the subject was erased.
   */
  async seal(subjectId: string, fields: PersonalFields): Promise<string> {
    checkSubjectId(subjectId);
    checkFields(fields);
    const key = await this.subjectKeys.findOrCreate(subjectId);
    try {
      return sealFields(key, subjectId, fields);
    } finally {
      key.fill(0);
    }
  }

  /**
   * The fields, or null when the subject was erased. sealed_data_invalid (422) when `sealed`
   * was altered or is not this subject's. Staff reads are written to the access log before
   * the data is returned.
   */
  async open(subjectId: string, sealed: string, access: PersonalDataAccess): Promise<PersonalFields | null> {
    checkSubjectId(subjectId);
    checkAccess(access);
    const box = boxOf(sealed);
    if (!box) throw new SealedDataInvalidError(subjectId);
    const key = await this.subjectKeys.find(subjectId);
    if (!key) {
      // No key: either shredded (the person is gone, by design), or never made (not ours).
      if (await this.subjectKeys.erased(subjectId)) return null;
      throw new SealedDataInvalidError(subjectId);
    }
    let fields: PersonalFields | null;
    try {
      fields = openFields(key, subjectId, box);
    } finally {
      key.fill(0);
    }
    if (!fields) throw new SealedDataInvalidError(subjectId);
    await this.auditTrail.recordRead(subjectId, access);
    return fields;
  }

  /**
   * Crypto-shredding: records the erasure (subject, reason, when, by whom) and deletes the
   * subject's key, photos and index rows. Idempotent: erasing again changes nothing and keeps
   * the first record.
   */
  async erase(subjectId: string, reason: string, by: Actor): Promise<void> {
    checkSubjectId(subjectId);
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new InvalidInputError('an erasure must state its reason', undefined, 'erasure_reason_required');
    }
    if (typeof by?.id !== 'string' || typeof by.role !== 'string') {
      throw new InvalidInputError('an erasure must name who erases', undefined, 'erasure_actor_required');
    }
    await this.subjectKeys.erase(subjectId, reason.trim(), by);
  }

  async isErased(subjectId: string): Promise<boolean> {
    checkSubjectId(subjectId);
    return this.subjectKeys.erased(subjectId);
  }

  /** Those of `subjectIds` that were erased (any order). */
  async erasedAmong(subjectIds: readonly string[]): Promise<string[]> {
    subjectIds.forEach(checkSubjectId);
    return this.subjectKeys.erasedAmong(subjectIds);
  }

  /** Staff: the audit trail of reads of one subject, oldest first. */
  async accessLog(subjectId: string): Promise<AccessLogEntry[]> {
    checkSubjectId(subjectId);
    return this.auditTrail.forSubject(subjectId);
  }
}
