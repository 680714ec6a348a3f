/** Korean display of figures: won with thousands separators, Seoul dates and times. */
const won = new Intl.NumberFormat('ko-KR');
const dateTime = new Intl.DateTimeFormat('ko-KR', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Seoul' });

export const formatWon = (amount: number | string | null | undefined): string =>
  amount === null || amount === undefined ? '—' : `${won.format(Number(amount))}원`;

export const formatCount = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : won.format(n));

export const formatInstant = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

export const formatPercent = (percent: number | null | undefined): string =>
  percent === null || percent === undefined ? '—' : `${percent}%`;

/** Today in Seoul, as YYYY-MM-DD. */
export const seoulToday = (): string => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
