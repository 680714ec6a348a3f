import iconv from 'iconv-lite';

/**
 * Korean carriers size SMS in EUC-KR bytes. Each character is counted by its EUC-KR encoding
 * (iconv-lite's 'euc-kr', which is CP949 and so knows every modern Hangul syllable): ASCII 1 byte,
 * Hangul and the other characters EUC-KR knows 2. A character EUC-KR cannot encode (an emoji, a
 * rare Hanja) has no EUC-KR size: it counts as 2, which keeps the rule deterministic and on the
 * side of LMS over a cut SMS. Counting is per code point, so a surrogate pair is one character.
 */
export function smsByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) bytes += eucKrBytes(char);
  return bytes;
}

function eucKrBytes(char: string): number {
  if (char.codePointAt(0)! <= 0x7f) return 1;
  const encoded = iconv.encode(char, 'euc-kr');
  // iconv-lite writes '?' for what it cannot encode: such a character has no EUC-KR size.
  return iconv.decode(encoded, 'euc-kr') === char ? encoded.length : 2;
}

/** Code points, as Kakao and e-mail limits count characters. */
export const characterLength = (text: string): number => Array.from(text).length;
