import { normaliseKoreanMobile } from '../phone/korean-mobile';

const graphemes = (text: string): string[] =>
  Array.from(new Intl.Segmenter('ko', { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/** One word: the first and last characters stay, the rest are stars; a two-letter word keeps its first. */
function maskWord(word: string): string {
  const chars = graphemes(word);
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * A name as lists show it: 홍길동 -> 홍*동, 홍길 -> 홍*, 남궁길동 -> 남**동, 'John Smith' ->
 * 'J**n S***h' (each word on its own). Never empty for a non-empty input, never the whole name.
 */
export function maskName(name: string): string {
  // NFC first: a name typed as decomposed jamo would otherwise count three letters per syllable.
  const words = name.normalize('NFC').trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return name.length === 0 ? '' : '*';
  return words.map(maskWord).join(' ');
}

/**
 * A phone number as lists show it: 010-****-5678 (011-***-4567 for a ten-digit number).
 * Something that is not a Korean mobile number keeps only its last four digits.
 */
export function maskPhone(phone: string): string {
  let digits: string;
  try {
    digits = normaliseKoreanMobile(phone);
  } catch {
    let keep = 4;
    return Array.from(String(phone))
      .reverse()
      .map((c) => (/\d/.test(c) && keep-- <= 0 ? '*' : c))
      .reverse()
      .join('');
  }
  const middle = digits.length - 7;
  return `${digits.slice(0, 3)}-${'*'.repeat(middle)}-${digits.slice(-4)}`;
}
