import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { Clock, isUuid, newId } from '@goodpay/shared';
import { AccessLog, checkAccess, type PersonalDataAccess } from '../access-log/access-log';
import { decrypt, encrypt } from '../crypto/aead';
import { SubjectErasedError } from '../errors';
import { checkSubjectId, SubjectKeys } from '../subject-keys/subject-keys';
import { checkPhoto, type PhotoContentType } from './photo-type';

export interface StoredPhoto {
  photoId: string;
  contentType: PhotoContentType;
  size: number;
  /** Hex SHA-256 of the image as stored. */
  sha256: string;
}

export interface OpenedPhoto {
  bytes: Buffer;
  contentType: string;
  subjectId: string;
}

/** Bound into each photo's ciphertext: a photo's bytes cannot be swapped into another row. */
const photoContext = (photoId: string, subjectId: string, contentType: string) =>
  `goodpay/personal-data/photo/v1:${photoId}:${subjectId}:${contentType}`;

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Photos of people (e.g. the proof uploaded for a raffle certification), encrypted with their
 * subject's key into `personal_data_photos`, never into the event log: events carry the
 * photo id. Erasing the subject deletes them with the key.
 */
@Injectable()
export class PhotoStore {
  private readonly sql: Sql;

  constructor(
    dataSource: DataSource,
    private readonly subjectKeys: SubjectKeys,
    private readonly auditTrail: AccessLog,
    private readonly clock: Clock,
  ) {
    this.sql = sqlOn(dataSource);
  }

  /**
   * Checks the content (type by its magic bytes, confirmed by its whole structure; never the
   * name), then stores the image encrypted, without anything that followed its end. Refuses
   * with photo_empty / photo_too_large (400), photo_type_not_allowed (415), photo_malformed
   * (422) or subject_erased (410), storing nothing.
   */
  async put(subjectId: string, upload: Buffer): Promise<StoredPhoto> {
    checkSubjectId(subjectId);
    const { contentType, image: bytes } = checkPhoto(upload);
    const photoId = newId();
    const key = await this.subjectKeys.findOrCreate(subjectId);
    let ciphertext: Buffer;
    try {
      ciphertext = encrypt(key, bytes, photoContext(photoId, subjectId, contentType));
    } finally {
      key.fill(0);
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    try {
      await this.sql.query(
        `INSERT INTO personal_data_photos (photo_id, subject_id, content_type, size, sha256, ciphertext, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [photoId, subjectId, contentType, bytes.length, sha256, ciphertext, this.clock.now()],
      );
    } catch (error) {
      // The key was erased between reading it and storing the photo: the photo must not outlive it.
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) throw new SubjectErasedError(subjectId);
      throw error;
    }
    return { photoId, contentType, size: bytes.length, sha256 };
  }

  /** The photo, or null when there is none (never stored, deleted, or its subject erased). Staff reads are audited. */
  async get(photoId: string, access: PersonalDataAccess): Promise<OpenedPhoto | null> {
    checkAccess(access);
    if (!isUuid(photoId)) return null;
    const { rows } = await this.sql.query<{ subject_id: string; content_type: string; ciphertext: Buffer }>(
      'SELECT subject_id, content_type, ciphertext FROM personal_data_photos WHERE photo_id = $1',
      [photoId],
    );
    const photo = rows[0];
    if (!photo) return null;
    const key = await this.subjectKeys.find(photo.subject_id);
    if (!key) return null; // erased after the photo row was read
    let bytes: Buffer | null;
    try {
      bytes = decrypt(key, photo.ciphertext, photoContext(photoId, photo.subject_id, photo.content_type));
    } finally {
      key.fill(0);
    }
    if (!bytes) throw new Error(`photo ${photoId} does not decrypt: its row was altered`);
    await this.auditTrail.recordRead(photo.subject_id, access);
    return { bytes, contentType: photo.content_type, subjectId: photo.subject_id };
  }

  /** Deletes one photo; nothing happens when there is none (an id that is not a UUID names none). */
  async delete(photoId: string): Promise<void> {
    if (!isUuid(photoId)) return;
    await this.sql.query('DELETE FROM personal_data_photos WHERE photo_id = $1', [photoId]);
  }
}
