import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inclusionProof } from '../draw/merkle';
import type { PublishedRound } from '../round/published-round';
import { drawnRoundDocument } from './test/drawn-round-document';

/**
 * scripts/verify-draw.mjs, the outsider's check, run as an outsider runs it: `node` in a child
 * process with an environment holding nothing of the product's (no DATABASE_URL, no REDIS_URL),
 * on the round document as the public route returns it.
 */
const SCRIPT = resolve(__dirname, '../../../../scripts/verify-draw.mjs');
const run = promisify(execFile);

async function verify(dir: string, doc: unknown, proof?: unknown): Promise<{ code: number; report: any }> {
  const file = join(dir, `round-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(doc));
  const args = [SCRIPT, file];
  if (proof) {
    await writeFile(`${file}.proof`, JSON.stringify(proof));
    args.push('--proof', `${file}.proof`);
  }
  const env = { PATH: process.env.PATH ?? '' };
  try {
    const { stdout } = await run(process.execPath, args, { env, cwd: resolve(__dirname, '../../../..') });
    return { code: 0, report: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, report: failed.stdout ? JSON.parse(failed.stdout) : null };
  }
}

describe('scripts/verify-draw.mjs (Node alone, no database)', () => {
  let dir: string;
  const genuine = drawnRoundDocument();
  const copy = (): PublishedRound => JSON.parse(JSON.stringify(genuine)) as PublishedRound;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'verify-draw-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes the genuine document, drand signature included, and names the winners', async () => {
    const { code, report } = await verify(dir, genuine);
    expect(report).toMatchObject({ matches: true, failures: [], skipped: [] });
    expect(report.winners).toEqual(genuine.draw!.ranking.slice(0, genuine.draw!.winners));
    expect(code).toBe(0);
  });

  it.each([
    ['seed', (d: PublishedRound) => (d.draw!.sources[2].numbers = ['12345'])],
    ['keyString', (d: PublishedRound) => (d.draw!.keyString = 'nonsense')],
    ['winners', (d: PublishedRound) => (d.draw!.winners = 30)],
    ['ranking', (d: PublishedRound) => (d.draw!.ranking as string[]).reverse()],
    ['entryList', (d: PublishedRound) => (d.frozen!.merkleRoot = 'f'.repeat(64))],
    ['timeline', (d: PublishedRound) => (d.frozen!.frozenAt = '2023-08-23T10:00:00.000Z')],
    ['sources', (d: PublishedRound) => (d.draw!.sources[0].beacon!.round = 1001)],
    ['sources', (d: PublishedRound) => (d.draw!.sources[1].numbers = ['0', '99999999999999999999'])],
    ['entryList', (d: PublishedRound) => (d.draw!.entries as string[]).push('ffffffff-added')],
    ['quota', (d: PublishedRound) => (d.draw!.quotaDerivation!.placesAllottedBefore = 0)],
    ['settings', (d: PublishedRound) => ((d.settings!.excludeEarlierWinners = false), (d.frozen!.excludedEarlierWinners = 3))],
  ])('fails a document forged in its %s, with exit code 1', async (check, change) => {
    const doc = copy();
    change(doc);
    const { code, report } = await verify(dir, doc);
    expect(code).toBe(1);
    expect(report.failures.map((f: { check: string }) => f.check)).toContain(check);
  });

  it('checks a citizen’s inclusion proof against the root published at the freeze', async () => {
    const frozenOnly = { ...copy(), status: 'frozen', draw: null };
    const proof = inclusionProof(genuine.draw!.entries, genuine.draw!.entries[7])!;
    expect(await verify(dir, frozenOnly, proof)).toMatchObject({ code: 0, report: { included: true } });
    const forgedProof = { ...proof, entryId: 'someone-else' };
    expect(await verify(dir, frozenOnly, forgedProof)).toMatchObject({ code: 1, report: { included: false } });
  });

  it('says what it cannot read, with exit code 2', async () => {
    await expect(
      run(process.execPath, [SCRIPT, join(dir, 'missing.json')], { env: { PATH: process.env.PATH ?? '' } }),
    ).rejects.toMatchObject({ code: 2 });
  });
});
