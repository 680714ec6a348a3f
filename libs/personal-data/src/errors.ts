import { DomainError } from '@goodpay/shared';

/**
 * The subject was erased (crypto-shredded): nothing new is ever sealed or stored for them,
 * because a fresh key would silently bring the person back (410 Gone, code subject_erased).
 * A person who returns after erasure gets a new subject from `subjectFor`; a caller meets
 * this only when the erasure committed between its `subjectFor` and its seal (ask again).
 */
export class SubjectErasedError extends DomainError {
  readonly status = 410;
  constructor(subjectId: string) {
    super('subject_erased', 'the personal data of this subject was erased', { subjectId });
  }
}

/**
 * A sealed value that is not ours, was altered, or belongs to another subject (422,
 * code sealed_data_invalid). GCM's tag makes every one of these a refusal, never wrong data.
 */
export class SealedDataInvalidError extends DomainError {
  readonly status = 422;
  constructor(subjectId: string) {
    super('sealed_data_invalid', 'the sealed personal data cannot be opened: it was altered or is not for this subject', {
      subjectId,
    });
  }
}
