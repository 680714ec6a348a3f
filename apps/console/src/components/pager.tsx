import { formatCount } from '../format';

export const PAGE_SIZE = 20;

interface PagerProps {
  label: string;
  total: number;
  offset: number;
  limit?: number;
  onOffset: (offset: number) => void;
}

/** Previous / next over a list the api pages with limit and offset. */
export function Pager({ label, total, offset, limit = PAGE_SIZE, onOffset }: PagerProps) {
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="pager" aria-label={`${label} 페이지`}>
      <button type="button" onClick={() => onOffset(Math.max(0, offset - limit))} disabled={offset === 0}>
        이전
      </button>
      <span aria-live="polite">
        {formatCount(first)}–{formatCount(last)} / 전체 {formatCount(total)}건
      </span>
      <button type="button" onClick={() => onOffset(offset + limit)} disabled={last >= total}>
        다음
      </button>
    </nav>
  );
}

/** One page of a list the api answers whole (the review queue): the same pager, in the browser. */
export const pageOf = <T,>(items: T[], offset: number, limit = PAGE_SIZE): T[] => items.slice(offset, offset + limit);
