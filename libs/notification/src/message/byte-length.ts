/**
 * Korean carriers size SMS in EUC-KR bytes: an ASCII character is 1 byte, a Hangul syllable
 * (and every other character EUC-KR knows) is 2. We count every non-ASCII code point as 2
 * bytes, whatever it is: characters outside EUC-KR (emoji, rare Hanja) have no EUC-KR size, and
 * counting them as 2 keeps the rule simple, deterministic and on the side of LMS over a cut SMS.
 * Counting is per code point, so a surrogate pair (one emoji) is 2 bytes, not 4.
 */
export function smsByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += char.codePointAt(0)! <= 0x7f ? 1 : 2;
  return bytes;
}

/** Code points, as Kakao and e-mail limits count characters. */
export const characterLength = (text: string): number => Array.from(text).length;
