import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drawRanking } from '@goodpay/raffle';
import { RaffleVerifyCommand } from './raffle-verify.command';

describe('raffle:verify', () => {
  let dir: string;
  let output: string[];
  let spies: jest.SpyInstance[];
  const inputs = {
    entries: Array.from({ length: 30 }, (_, i) => `entry-${i}`),
    sources: [{ label: 'Lotto 6/45', numbers: ['3', '11', '19', '27', '38', '44'] }],
    quota: 5,
    waitingListSize: 0,
  };
  const drawn = drawRanking(inputs);
  const published = { ...inputs, entryListHash: drawn.entryListHash, ranking: drawn.ranking };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'raffle-verify-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(() => {
    output = [];
    const capture = (chunk: unknown): boolean => (output.push(String(chunk)), true);
    spies = [jest.spyOn(process.stdout, 'write').mockImplementation(capture), jest.spyOn(process.stderr, 'write').mockImplementation(capture)];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  const fileWith = async (name: string, content: unknown): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(content));
    return path;
  };

  it('agrees with a published draw and prints its winners', async () => {
    expect(await new RaffleVerifyCommand().run([await fileWith('ok.json', published)])).toBe(0);
    const report = JSON.parse(output.join(''));
    expect(report).toMatchObject({ matches: true, differences: [], winners: drawn.ranking.slice(0, 5) });
  });

  it('says which place differs when the recorded ranking was altered', async () => {
    const altered = { ...published, ranking: [drawn.ranking[1], drawn.ranking[0], ...drawn.ranking.slice(2)] };
    expect(await new RaffleVerifyCommand().run([await fileWith('altered.json', altered)])).toBe(1);
    expect(JSON.parse(output.join('')).differences).toEqual([expect.stringContaining('ranking differs from place 1')]);
  });

  it('refuses a missing file with exit code 2', async () => {
    expect(await new RaffleVerifyCommand().run([join(dir, 'none.json')])).toBe(2);
    expect(await new RaffleVerifyCommand().run([])).toBe(2);
  });
});
