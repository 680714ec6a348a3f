import { crc32 } from 'node:zlib';

/*
 * Where a well-formed image ends, walking its whole structure from the first byte: JPEG
 * segments from SOI through the entropy-coded scans to EOI, PNG chunks (each CRC checked) from
 * IHDR through IDAT to IEND, the WebP RIFF chunks, HEIF's top-level boxes. null when the file
 * is not one: cut off, a length pointing past the end, a chunk out of place.
 */

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;
const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;
/** SOF0..SOF15 less DHT (C4), JPG (C8) and DAC (CC): a frame header. */
const isFrame = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

export function jpegEnd(bytes: Buffer): number | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== SOI) return null;
  let frame = false;
  let scan = false;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    while (bytes[at] === 0xff) at += 1; // fill bytes before a marker
    if (at >= bytes.length) return null;
    const marker = bytes[at];
    at += 1;
    if (marker === EOI) return frame && scan ? at : null;
    if (marker === SOI || marker === 0x00 || isRestart(marker)) return null; // none may stand between segments
    if (at + 2 > bytes.length) return null;
    const length = bytes.readUInt16BE(at);
    if (length < 2 || at + length > bytes.length) return null;
    if (isFrame(marker)) {
      // precision, height, width, components: a frame of no width or no component is none
      if (frame || length < 8 || bytes.readUInt16BE(at + 5) === 0 || bytes[at + 7] === 0) return null;
      frame = true;
    }
    at += length;
    if (marker === SOS) {
      if (!frame) return null;
      scan = true;
      // Entropy-coded data runs to the next marker: 0xFF followed by other than 0x00 (a
      // stuffed byte), a restart marker or more fill.
      for (;;) {
        at = bytes.indexOf(0xff, at);
        if (at < 0 || at + 1 >= bytes.length) return null;
        const next = bytes[at + 1];
        if (next === 0x00 || isRestart(next)) at += 2;
        else break;
      }
    }
  }
  return null;
}

const PNG_SIGNATURE_LENGTH = 8;
const chunkType = (bytes: Buffer, at: number) => bytes.toString('latin1', at, at + 4);

export function pngEnd(bytes: Buffer): number | null {
  let at = PNG_SIGNATURE_LENGTH;
  let data = false;
  for (let index = 0; at + 12 <= bytes.length; index += 1) {
    const length = bytes.readUInt32BE(at);
    const type = chunkType(bytes, at + 4);
    const end = at + 12 + length;
    if (length > 0x7fffffff || end > bytes.length || !/^[A-Za-z]{4}$/.test(type)) return null;
    if (crc32(bytes.subarray(at + 4, at + 8 + length)) !== bytes.readUInt32BE(at + 8 + length)) return null;
    if ((index === 0) !== (type === 'IHDR')) return null; // IHDR first, and only first
    if (type === 'IHDR' && length !== 13) return null;
    if (type === 'IDAT') data = true;
    if (type === 'IEND') return data && length === 0 ? end : null;
    at = end;
  }
  return null;
}

export function webpEnd(bytes: Buffer): number | null {
  if (bytes.length < 20) return null;
  const end = 8 + bytes.readUInt32LE(4);
  if (end > bytes.length || end < 20) return null;
  let at = 12;
  let image = false;
  for (let index = 0; at < end; index += 1) {
    if (at + 8 > end) return null;
    const type = chunkType(bytes, at);
    const size = bytes.readUInt32LE(at + 4);
    const data = at + 8;
    const next = data + size + (size % 2); // chunks are padded to an even length
    if (next > end) return null;
    if (index === 0 && type !== 'VP8 ' && type !== 'VP8L' && type !== 'VP8X') return null;
    if (type === 'VP8 ') {
      // a key frame: its start code 9D 01 2A after the 3-byte frame tag
      if (size < 10 || bytes[data + 3] !== 0x9d || bytes[data + 4] !== 0x01 || bytes[data + 5] !== 0x2a) return null;
      image = true;
    }
    if (type === 'VP8L') {
      if (size < 5 || bytes[data] !== 0x2f) return null;
      image = true;
    }
    if (type === 'ANMF') image = true;
    at = next;
  }
  return at === end && image ? end : null;
}

/** HEIF has no end marker: its top-level boxes must tile the file exactly, ftyp first, with a meta box. */
export function heifEnd(bytes: Buffer): number | null {
  let at = 0;
  let meta = false;
  for (let index = 0; at < bytes.length; index += 1) {
    if (at + 8 > bytes.length) return null;
    let size = bytes.readUInt32BE(at);
    const type = chunkType(bytes, at + 4);
    let header = 8;
    if (size === 1) {
      if (at + 16 > bytes.length) return null;
      const large = bytes.readBigUInt64BE(at + 8);
      if (large > BigInt(bytes.length - at)) return null;
      size = Number(large);
      header = 16;
    } else if (size === 0) {
      size = bytes.length - at; // the last box runs to the end of the file
    }
    if (size < header || at + size > bytes.length) return null;
    if ((index === 0) !== (type === 'ftyp')) return null;
    if (type === 'meta') meta = true;
    at += size;
  }
  return meta ? at : null;
}
