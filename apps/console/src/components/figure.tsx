import type { ReactNode } from 'react';

/** A labelled figure on a card. */
export function Figure({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value">{children}</div>
      {note && <div className="figure-note">{note}</div>}
    </div>
  );
}

/** Progress against a target, as a meter a screen reader announces. */
export function Progress({ label, percent }: { label: string; percent: number | null }) {
  const shown = Math.max(0, Math.min(100, percent ?? 0));
  return (
    <div className="progress">
      <div className="progress-label">
        {label}: {percent === null ? '목표 없음' : `${percent}%`}
      </div>
      <div className="progress-track" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={shown}>
        <div className="progress-bar" style={{ width: `${shown}%` }} />
      </div>
    </div>
  );
}
