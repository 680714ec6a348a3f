import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { MAX_PHOTO_BYTES } from '@goodpay/personal-data';
import { DomainError, InvalidInputError } from '@goodpay/shared';
import { refuseInvalidCharacters } from '../http/invalid-characters';

/**
 * Receipt photos arrive as multipart/form-data: one file of at most 10 MiB and a few short
 * text fields. Anything beyond is cut off by the parser before it is buffered.
 */
export const RECEIPT_UPLOAD_LIMITS = { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 12, fieldSize: 1024, parts: 13, headerPairs: 100 };

/** Registers the multipart parser on the api's Fastify instance (before `init`/`listen`). */
export async function registerRaffleUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, { limits: RECEIPT_UPLOAD_LIMITS });
}

/** The text fields a receipt upload may carry besides the `photo` file. */
export const RECEIPT_FIELDS = [
  'name',
  'phone',
  'consentVersion',
  'consentPurpose',
  'consentItemsCollected',
  'consentRetentionPeriod',
  'consentRightToRefuse',
  'amount',
  'shopName',
  'paidOn',
] as const;
export type ReceiptField = (typeof RECEIPT_FIELDS)[number];

export interface ReceiptUpload {
  fields: Partial<Record<ReceiptField, string>>;
  photo: Buffer;
}

/** A multipart limit reached: the request is refused as a whole, nothing of it is kept. */
class UploadTooLargeError extends DomainError {
  readonly status = 413;
  constructor(code: string, message: string) {
    super(code, message, { maxPhotoBytes: MAX_PHOTO_BYTES, maxFiles: 1 });
  }
}

const LIMIT_ERRORS: Record<string, () => DomainError> = {
  FST_REQ_FILE_TOO_LARGE: () => new UploadTooLargeError('photo_too_large', `the photo is larger than ${MAX_PHOTO_BYTES} bytes`),
  FST_FILES_LIMIT: () => new UploadTooLargeError('too_many_files', 'send one photo only'),
  FST_FIELDS_LIMIT: () => new UploadTooLargeError('too_many_fields', 'the upload has too many fields'),
  FST_PARTS_LIMIT: () => new UploadTooLargeError('too_many_fields', 'the upload has too many parts'),
};

/**
 * Reads the whole upload into memory (at most 10 MiB by the limits): the photo file and the
 * known text fields. Unknown fields, a second file, a file under another name, a truncated
 * field or a missing photo are refused; the content of the photo is checked later, by the
 * photo store, from its bytes.
 */
export async function readReceiptUpload(request: FastifyRequest): Promise<ReceiptUpload> {
  if (typeof request.isMultipart !== 'function')
    throw new Error('multipart uploads are not registered: call registerRaffleUploads(app) at bootstrap');
  if (!request.isMultipart()) {
    throw new InvalidInputError('send the receipt as multipart/form-data with a `photo` file', undefined, 'multipart_required');
  }
  const fields: ReceiptUpload['fields'] = {};
  let photo: Buffer | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'photo' || photo)
          throw new InvalidInputError('the one file must be named `photo`', { field: part.fieldname }, 'unknown_field');
        photo = await part.toBuffer();
      } else {
        if (!(RECEIPT_FIELDS as readonly string[]).includes(part.fieldname)) {
          throw new InvalidInputError(`unknown field ${part.fieldname}`, { field: part.fieldname }, 'unknown_field');
        }
        if (part.valueTruncated) throw new InvalidInputError(`${part.fieldname} is too long`, { field: part.fieldname }, 'field_too_long');
        refuseInvalidCharacters(String(part.value), part.fieldname); // read here, not by the JSON parser
        fields[part.fieldname as ReceiptField] = String(part.value);
      }
    }
  } catch (error) {
    const limit = LIMIT_ERRORS[(error as { code?: string }).code ?? ''];
    throw limit ? limit() : error;
  }
  if (!photo)
    throw new InvalidInputError('the receipt photo is missing (a file field named `photo`)', { field: 'photo' }, 'photo_required');
  return { fields, photo };
}
