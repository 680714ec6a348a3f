import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkPhoto, detectPhotoType, MAX_PHOTO_BYTES } from './photo-type';

/** A real 1x1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0rest of a jpeg')]);
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 rest of a webp')]);

/** An ISO-BMFF file starting with its `ftyp` box: major brand, minor version, compatible brands. */
function ftyp(major: string, compatible: string[] = []): Buffer {
  const size = 16 + 4 * compatible.length;
  const box = Buffer.alloc(size);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, Buffer.from('meta and mdat boxes follow')]);
}

const refusal = (bytes: Buffer) => {
  try {
    checkPhoto(bytes);
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a refusal');
};

describe('photo type from content', () => {
  it.each([
    ['JPEG', JPEG, 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['WebP', WEBP, 'image/webp'],
    ['an iPhone HEIC', ftyp('heic', ['mif1', 'heic']), 'image/heic'],
    ...['heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'].map((brand) => [`HEIF brand ${brand}`, ftyp(brand, ['mif1']), 'image/heic']),
  ])('accepts %s', (_, bytes, type) => {
    expect(detectPhotoType(bytes as Buffer)).toBe(type);
    expect(checkPhoto(bytes as Buffer)).toBe(type);
  });

  it('goes by the content, not by the name: a PNG renamed .jpg is a PNG, a text file named .jpg is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'photo-type-'));
    try {
      writeFileSync(join(dir, 'receipt.jpg'), PNG);
      writeFileSync(join(dir, 'notes.jpg'), 'I paid 30,000 won at the bakery\n');
      expect(checkPhoto(readFileSync(join(dir, 'receipt.jpg')))).toBe('image/png');
      expect(refusal(readFileSync(join(dir, 'notes.jpg')))).toMatchObject({ code: 'photo_type_not_allowed', status: 400 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a text file', Buffer.from('hello, this is not an image')],
    ['a PDF', Buffer.from('%PDF-1.7\n...')],
    ['a GIF', Buffer.from('GIF89a......')],
    ['an AVIF (HEIF container, another codec)', ftyp('avif', ['mif1', 'miaf'])],
    ['an AVIF under the generic HEIF brand', ftyp('mif1', ['avif', 'miaf'])],
    ['an MP4 video', ftyp('isom', ['iso2', 'mp41'])],
    ['a RIFF that is a WAV', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')])],
    ['a cut-off PNG signature', PNG.subarray(0, 5)],
    ['two bytes of JPEG', JPEG.subarray(0, 2)],
  ])('refuses %s with photo_type_not_allowed', (_, bytes) => {
    expect(detectPhotoType(bytes)).toBeNull();
    expect(refusal(bytes)).toMatchObject({ code: 'photo_type_not_allowed', status: 400 });
  });

  it('refuses an empty photo with photo_empty', () => {
    expect(refusal(Buffer.alloc(0))).toMatchObject({ code: 'photo_empty', status: 400 });
  });

  it('accepts exactly 10 MiB and refuses 11 MiB with photo_too_large, whatever the content', () => {
    const tenMiB = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES - JPEG.length)]);
    expect(checkPhoto(tenMiB)).toBe('image/jpeg');
    const elevenMiB = Buffer.concat([JPEG, Buffer.alloc(11 * 1024 * 1024 - JPEG.length)]);
    expect(refusal(elevenMiB)).toMatchObject({ code: 'photo_too_large', status: 400 });
    expect(refusal(Buffer.concat([tenMiB, Buffer.of(0)]))).toMatchObject({ code: 'photo_too_large' });
  });
});
