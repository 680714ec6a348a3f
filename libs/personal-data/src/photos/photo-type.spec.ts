import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ftypBox, HEIC, isoBox, JPEG, photoLabelled, PNG, WEBP } from '../../../../test/support/fixtures/photos';
import { checkPhoto, detectPhotoType, MAX_PHOTO_BYTES } from './photo-type';

/** A HEIF file of the given brands: ftyp, meta, mdat. */
const heif = (major: string, compatible: string[] = []) =>
  Buffer.concat([ftypBox(major, compatible), isoBox('meta', Buffer.alloc(16)), isoBox('mdat', Buffer.from('coded image'))]);

const refusal = (bytes: Buffer) => {
  try {
    checkPhoto(bytes);
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a refusal');
};

/** PNG chunks after the signature, to take apart and put together. */
const PNG_IEND = PNG.subarray(PNG.length - 12);
const PNG_BEFORE_IEND = PNG.subarray(0, PNG.length - 12);

describe('photo type from content, confirmed by the whole file', () => {
  it.each<[string, Buffer, string]>([
    ['JPEG', JPEG, 'image/jpeg'],
    ['a JPEG with a comment segment', photoLabelled('receipt 7'), 'image/jpeg'],
    ['PNG', PNG, 'image/png'],
    ['WebP', WEBP, 'image/webp'],
    ['an iPhone HEIC', HEIC, 'image/heic'],
    ...['heix', 'hevc', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1'].map((brand): [string, Buffer, string] => [
      `HEIF brand ${brand}`,
      heif(brand, ['mif1']),
      'image/heic',
    ]),
  ])('accepts %s, whole', (_, bytes, type) => {
    expect(detectPhotoType(bytes)).toBe(type);
    expect(checkPhoto(bytes)).toEqual({ contentType: type, image: bytes });
  });

  it('goes by the content, not by the name: a PNG renamed .jpg is a PNG, a text file named .jpg is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'photo-type-'));
    try {
      writeFileSync(join(dir, 'receipt.jpg'), PNG);
      writeFileSync(join(dir, 'notes.jpg'), 'I paid 30,000 won at the bakery\n');
      expect(checkPhoto(readFileSync(join(dir, 'receipt.jpg'))).contentType).toBe('image/png');
      expect(refusal(readFileSync(join(dir, 'notes.jpg')))).toMatchObject({ code: 'photo_type_not_allowed', status: 415 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['a text file', Buffer.from('hello, this is not an image')],
    ['an HTML page', Buffer.from('<!doctype html><script>alert(1)</script>')],
    ['a PDF', Buffer.from('%PDF-1.7\n...')],
    ['a GIF', Buffer.from('GIF89a......')],
    ['an AVIF (HEIF container, another codec)', heif('avif', ['mif1', 'miaf'])],
    ['an AVIF under the generic HEIF brand', heif('mif1', ['avif', 'miaf'])],
    ['an MP4 video', heif('isom', ['iso2', 'mp41'])],
    ['a RIFF that is a WAV', Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVEfmt ')])],
    ['a cut-off PNG signature', PNG.subarray(0, 5)],
    ['two bytes of JPEG', JPEG.subarray(0, 2)],
  ])('refuses %s with 415 photo_type_not_allowed', (_, bytes) => {
    expect(detectPhotoType(bytes)).toBeNull();
    expect(refusal(bytes)).toMatchObject({ code: 'photo_type_not_allowed', status: 415 });
  });

  const badPngCrc = Buffer.from(PNG);
  badPngCrc[PNG_BEFORE_IEND.length - 1] ^= 0xff; // the last byte of the IDAT chunk's CRC
  const webpPastItsEnd = Buffer.from(WEBP);
  webpPastItsEnd.writeUInt32LE(WEBP.length * 2, 4);
  const webpWithoutKeyFrame = Buffer.from(WEBP);
  webpWithoutKeyFrame[20 + 3] = 0x00;
  const heicBoxPastItsEnd = Buffer.from(HEIC);
  heicBoxPastItsEnd.writeUInt32BE(0x10000, HEIC.length - isoBox('mdat', Buffer.from('hevc coded image data')).length);

  it.each([
    ['a JPEG cut off before its end marker', JPEG.subarray(0, JPEG.length - 2)],
    ['a JPEG cut off in its scan', JPEG.subarray(0, JPEG.length - 6)],
    [
      'a JPEG start followed by HTML',
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<html><script>alert(1)</script></html>')]),
    ],
    ['a JPEG of markers only, no frame or scan', Buffer.from([0xff, 0xd8, 0xff, 0xd9])],
    ['a JPEG whose segment length points past the end', Buffer.concat([JPEG.subarray(0, 4), Buffer.from([0xff, 0xff]), JPEG.subarray(6)])],
    ['a PNG without its IEND', PNG_BEFORE_IEND],
    ['a PNG with a wrong chunk CRC', badPngCrc],
    ['a PNG signature then HTML', Buffer.concat([PNG.subarray(0, 8), Buffer.from('<html><body>hello</body></html>')])],
    ['a PNG of a header and IEND, no image data', Buffer.concat([PNG.subarray(0, 33), PNG_IEND])],
    ['a WebP whose RIFF size runs past the file', webpPastItsEnd],
    ['a WebP whose VP8 data is no key frame', webpWithoutKeyFrame],
    ['a HEIC whose box runs past the file', heicBoxPastItsEnd],
    ['a HEIC without its meta box', Buffer.concat([ftypBox('heic', ['mif1']), isoBox('mdat', Buffer.from('data'))])],
    ['a HEIC with bytes after its last box', Buffer.concat([HEIC, Buffer.from('<html>')])],
  ])('refuses %s with 422 photo_malformed', (_, bytes) => {
    expect(detectPhotoType(bytes)).not.toBeNull();
    expect(refusal(bytes)).toMatchObject({ code: 'photo_malformed', status: 422 });
  });

  it.each([
    ['a JPEG', JPEG],
    ['a PNG', PNG],
    ['a WebP', WEBP],
  ])('keeps %s up to its end and drops what follows it (a phone maker trailer, an appended page)', (_, image) => {
    const trailed = Buffer.concat([image, Buffer.from('<html><script>alert(document.cookie)</script></html>')]);
    expect(checkPhoto(trailed).image).toEqual(image);
  });

  it('refuses an empty photo with photo_empty', () => {
    expect(refusal(Buffer.alloc(0))).toMatchObject({ code: 'photo_empty', status: 400 });
  });

  it('accepts exactly 10 MiB and refuses 11 MiB with photo_too_large, whatever the content', () => {
    const tenMiB = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO_BYTES - JPEG.length)]);
    expect(checkPhoto(tenMiB)).toEqual({ contentType: 'image/jpeg', image: JPEG });
    const elevenMiB = Buffer.concat([JPEG, Buffer.alloc(11 * 1024 * 1024 - JPEG.length)]);
    expect(refusal(elevenMiB)).toMatchObject({ code: 'photo_too_large', status: 400 });
    expect(refusal(Buffer.concat([tenMiB, Buffer.of(0)]))).toMatchObject({ code: 'photo_too_large' });
  });
});
