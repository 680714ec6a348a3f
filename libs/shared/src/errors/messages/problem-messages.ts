/**
 * The words of every problem+json answer, in Korean (the default) and English: one catalogue,
 * keyed by the problem's stable `code` (codes never change; their words may). Each context keeps
 * its codes in its own file under ./catalogue, so adding codes in parallel does not collide.
 *
 * A text may name the problem's parameters (its extension members, the error's details) as
 * `{name}`. A part in square brackets is said only when every parameter in it is known:
 * `'금액이 올바르지 않습니다[ ({field})]'`.
 */
export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The same message in each language. */
export type Localised = Record<Language, string>;

/** Codes and their messages: what each file of ./catalogue exports. */
export type MessageEntries = Record<string, Localised>;

export const DEFAULT_LANGUAGE: Language = 'ko';

/**
 * The language an `Accept-Language` header asks for among ours: the one with the highest
 * weight (`q`), by its primary tag (`en-US` is English); Korean when it names neither or is absent.
 */
export function languageOf(acceptLanguage: string | string[] | undefined): Language {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : (acceptLanguage ?? '');
  let best: { language: Language; q: number } | null = null;
  for (const part of header.split(',')) {
    const [tag = '', ...parameters] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const language = LANGUAGES.find((candidate) => candidate === primary);
    if (!language) continue;
    const weight = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    const q = weight ? Number(weight[1]) : 1;
    if (Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}

/** The `{name}` parameters a text uses. */
export function parametersOf(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((match) => match[1]!).sort();
}

const shown = (value: unknown): string | undefined => {
  if (value === undefined || value === null) return undefined;
  // Amounts and counts with thousands separators, as both languages write them (300,000원).
  if (typeof value === 'number' || typeof value === 'bigint') return value.toLocaleString('en-US', { maximumFractionDigits: 20 });
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
  return undefined;
};

/** `text` with its parameters filled from `parameters`; a bracketed part whose parameters are not all known is left out. */
export function fillMessage(text: string, parameters: Record<string, unknown> = {}): string {
  const PARAMETER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;
  const known = (part: string) => [...part.matchAll(PARAMETER)].every((match) => shown(parameters[match[1]!]) !== undefined);
  return text
    .replace(/\[([^\]]*)\]/g, (_, part: string) => (known(part) ? part : ''))
    .replace(PARAMETER, (_, name: string) => shown(parameters[name]) ?? '');
}

/** The title of an answer by its HTTP status: the kind of problem, in each language. */
export const STATUS_TITLES: Record<number, Localised> = {
  400: { ko: '잘못된 요청', en: 'Bad Request' },
  401: { ko: '인증 필요', en: 'Unauthorized' },
  403: { ko: '권한 없음', en: 'Forbidden' },
  404: { ko: '찾을 수 없음', en: 'Not Found' },
  405: { ko: '허용되지 않는 메서드', en: 'Method Not Allowed' },
  406: { ko: '제공할 수 없는 형식', en: 'Not Acceptable' },
  408: { ko: '요청 시간 초과', en: 'Request Timeout' },
  409: { ko: '충돌', en: 'Conflict' },
  410: { ko: '더 이상 없음', en: 'Gone' },
  413: { ko: '요청이 너무 큼', en: 'Payload Too Large' },
  414: { ko: '주소가 너무 김', en: 'URI Too Long' },
  415: { ko: '지원하지 않는 형식', en: 'Unsupported Media Type' },
  422: { ko: '처리할 수 없는 요청', en: 'Unprocessable Entity' },
  429: { ko: '요청이 너무 많음', en: 'Too Many Requests' },
  500: { ko: '서버 오류', en: 'Internal Server Error' },
  501: { ko: '구현되지 않음', en: 'Not Implemented' },
  502: { ko: '게이트웨이 오류', en: 'Bad Gateway' },
  503: { ko: '일시적으로 사용할 수 없음', en: 'Service Unavailable' },
  504: { ko: '게이트웨이 시간 초과', en: 'Gateway Timeout' },
};

export const FALLBACK_TITLE: Localised = { ko: '오류', en: 'Error' };
