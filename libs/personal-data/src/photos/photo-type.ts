import { DomainError, InvalidInputError } from '@goodpay/shared';
import { heifEnd, jpegEnd, pngEnd, webpEnd } from './image-end';

export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** HEIF brands of HEIC (HEVC) images and image sequences, and the generic HEIF brands. */
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);
/** Generic HEIF whose compatible brands say AVIF: another codec, not accepted as HEIC. */
const GENERIC_HEIF_BRANDS = new Set(['mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const ascii = (bytes: Buffer, from: number, to: number) => bytes.subarray(from, to).toString('latin1');

/** The brands of an ISO-BMFF `ftyp` box at the start: major first, then the compatible ones. */
function ftypBrands(bytes: Buffer): string[] | null {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return null;
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length);
  if (boxSize < 16) return null;
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands;
}

function isHeic(bytes: Buffer): boolean {
  const brands = ftypBrands(bytes);
  if (!brands || !HEIC_BRANDS.has(brands[0])) return false;
  return !(GENERIC_HEIF_BRANDS.has(brands[0]) && brands.some((b) => AVIF_BRANDS.has(b)));
}

/**
 * What an image is, from its first bytes (its magic number), never from a file name or a
 * client's content type: null when it is none of the accepted kinds.
 */
export function detectPhotoType(bytes: Buffer): PhotoContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'image/webp';
  if (isHeic(bytes)) return 'image/heic';
  return null;
}

/**
 * Where the image ends, by its type's own structure (image-end.ts), or null when it is not a
 * whole one. Bytes after the end (phone makers' trailers, an appended video, or anything
 * smuggled behind an image) are not part of the image.
 */
const IMAGE_END: Record<PhotoContentType, (bytes: Buffer) => number | null> = {
  'image/jpeg': jpegEnd,
  'image/png': pngEnd,
  'image/webp': webpEnd,
  'image/heic': heifEnd,
};

export const ALLOWED_PHOTO_TYPES: readonly PhotoContentType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];

/** Not an image of an accepted kind, by its content (415). */
export class PhotoTypeNotAllowedError extends DomainError {
  readonly status = 415;
  constructor() {
    super('photo_type_not_allowed', 'the photo must be a JPEG, PNG, WebP or HEIC image', { allowed: ALLOWED_PHOTO_TYPES });
  }
}

/** Starts like an image of a kind but is not a whole, well-formed one (422). */
export class PhotoMalformedError extends DomainError {
  readonly status = 422;
  constructor(contentType: PhotoContentType) {
    super('photo_malformed', `the photo starts like ${contentType} but is not a complete, well-formed one`, { contentType });
  }
}

export interface CheckedPhoto {
  contentType: PhotoContentType;
  /** The image itself, up to its end: whatever followed it in the file is not kept. */
  image: Buffer;
}

/**
 * An acceptable photo: its type from its first bytes, confirmed by walking the whole file
 * (image-end.ts). Refuses with photo_empty, photo_too_large (more than 10 MiB; 400 each),
 * photo_type_not_allowed (415) or photo_malformed (422).
 */
export function checkPhoto(bytes: Buffer): CheckedPhoto {
  if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
    throw new InvalidInputError('the photo is empty', undefined, 'photo_empty');
  }
  if (bytes.length > MAX_PHOTO_BYTES) {
    throw new InvalidInputError('the photo is larger than 10 MiB', { maxBytes: MAX_PHOTO_BYTES }, 'photo_too_large');
  }
  const contentType = detectPhotoType(bytes);
  if (!contentType) throw new PhotoTypeNotAllowedError();
  const end = IMAGE_END[contentType](bytes);
  if (end === null) throw new PhotoMalformedError(contentType);
  return { contentType, image: end === bytes.length ? bytes : bytes.subarray(0, end) };
}
