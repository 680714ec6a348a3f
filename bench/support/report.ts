import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Measurements } from './measurement';

export const RESULTS_FILE = resolve(__dirname, '../results/latest.json');
/** Where `--profile-api` writes the api's CPU profiles (.cpuprofile: Chrome DevTools, speedscope). */
export const PROFILES_DIR = resolve(__dirname, '../results/profiles');

/** The table printed at the end of a run: one line per figure, its extras beside it. */
export function formatTable(scenarios: Measurements): string {
  const rows = Object.entries(scenarios).map(([name, { value, unit, ...extra }]) => [
    name,
    String(value),
    unit,
    Object.entries(extra)
      .map(([key, v]) => `${key}=${v}`)
      .join(' '),
  ]);
  const header = ['scenario', 'value', 'unit', 'details'];
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function writeResults(document: { scenarios: Measurements; [other: string]: unknown }): void {
  mkdirSync(resolve(RESULTS_FILE, '..'), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
}
