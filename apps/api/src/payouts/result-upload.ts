import type { FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError } from '@goodpay/shared';
import { refuseInvalidCharacters } from '../http/invalid-characters';

/** A result file of 1,000 rows is some 100 KiB; 5 MiB leaves room and bounds what is buffered. */
export const MAX_RESULT_FILE_BYTES = 5 * 1024 * 1024;

class ResultFileTooLargeError extends DomainError {
  readonly status = 413;
  constructor() {
    super('result_file_too_large', `the result file is larger than ${MAX_RESULT_FILE_BYTES} bytes`, { maxBytes: MAX_RESULT_FILE_BYTES });
  }
}

/**
 * The bank's result file, as multipart/form-data with one file field named `file` and nothing
 * else. Read whole into memory within MAX_RESULT_FILE_BYTES (the multipart parser itself is
 * registered at bootstrap, for the receipt photos, with a 10 MiB bound).
 */
export async function readResultUpload(request: FastifyRequest): Promise<Buffer> {
  if (typeof request.isMultipart !== 'function' || !request.isMultipart()) {
    throw new InvalidInputError('send the result file as multipart/form-data with a `file` field', undefined, 'multipart_required');
  }
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts({ limits: { fileSize: MAX_RESULT_FILE_BYTES, files: 1, fields: 4 } })) {
      // A text field is never wanted here; one holding a NUL is refused as every text is (invalid_characters).
      if (part.type !== 'file') refuseInvalidCharacters(String(part.value), part.fieldname);
      if (part.type !== 'file' || part.fieldname !== 'file' || file) {
        throw new InvalidInputError('the upload must be one file named `file`', { field: part.fieldname }, 'unknown_field');
      }
      file = await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new ResultFileTooLargeError();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') {
      throw new InvalidInputError('the upload must be one file named `file`', undefined, 'unknown_field');
    }
    throw error;
  }
  if (!file || file.length === 0)
    throw new InvalidInputError(
      'the result file is missing or empty (a file field named `file`)',
      { field: 'file' },
      'result_file_required',
    );
  return file;
}
