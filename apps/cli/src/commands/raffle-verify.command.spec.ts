import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { drawnRoundDocument } from '../../../../libs/raffle/src/verify/test/drawn-round-document';
import { runCli } from '../run-cli';
import { RaffleVerifyCommand } from './raffle-verify.command';

describe('raffle:verify', () => {
  let dir: string;
  let output: string[];
  let spies: jest.SpyInstance[];
  // The document as GET /campaigns/:id/raffle/rounds/:round returns it.
  const published = drawnRoundDocument();
  const winners = published.draw!.ranking.slice(0, published.draw!.winners);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'raffle-verify-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  beforeEach(() => {
    output = [];
    const capture = (chunk: unknown): boolean => (output.push(String(chunk)), true);
    spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation(capture),
      jest.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
  });
  afterEach(() => spies.forEach((spy) => spy.mockRestore()));

  const fileWith = async (name: string, content: unknown): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify(content));
    return path;
  };

  it('agrees with the published round document and prints its winners', async () => {
    expect(await new RaffleVerifyCommand().run([await fileWith('ok.json', published)])).toBe(0);
    const report = JSON.parse(output.join(''));
    expect(report).toMatchObject({ matches: true, failures: [], winners });
  });

  it('runs without the application: no configuration, database or Redis is asked for', async () => {
    expect(
      await runCli(['raffle:verify', await fileWith('standalone.json', published)], {
        commands: [RaffleVerifyCommand],
        module: class Unusable {},
      }),
    ).toBe(0);
  });

  it('verifies in a process of its own with PostgreSQL and Redis unreachable (the CLI as `npm run cli` runs it)', async () => {
    const root = resolve(__dirname, '../../../..');
    const file = await fileWith('unreachable.json', published);
    // Port 1: nothing listens there. A command that needed the database would fail to connect.
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/goodpay',
      REDIS_URL: 'redis://127.0.0.1:1',
      SWC_NODE_PROJECT: join(root, 'tsconfig.json'),
    };
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', join(root, 'apps/cli/src/main.ts'), 'raffle:verify', file],
      { cwd: root, env },
    );
    expect(JSON.parse(stdout)).toMatchObject({ matches: true, failures: [], winners });
  }, 60_000);

  it('says which check fails and where: the ranking, a forged seed, the key string, the winner count', async () => {
    const draw = published.draw!;
    const forgeries = [
      [
        { ...published, draw: { ...draw, ranking: [draw.ranking[1], draw.ranking[0], ...draw.ranking.slice(2)] } },
        'ranking',
        '$.draw.ranking',
      ],
      [
        { ...published, draw: { ...draw, sources: draw.sources.map((s, i) => (i === 2 ? { ...s, numbers: ['1'] } : s)) } },
        'seed',
        '$.draw.sources[2].numbers',
      ],
      [{ ...published, draw: { ...draw, keyString: 'nonsense' } }, 'keyString', '$.draw.keyString'],
      [{ ...published, draw: { ...draw, winners: 30 } }, 'winners', '$.draw.winners'],
    ] as const;
    for (const [forged, check, at] of forgeries) {
      output = [];
      expect(await new RaffleVerifyCommand().run([await fileWith(`${check}.json`, forged)])).toBe(1);
      expect(JSON.parse(output.join('')).failures).toContainEqual(expect.objectContaining({ check, at }));
    }
  });

  it('fails the inner draw alone: only the whole document says when and from what it was drawn', async () => {
    expect(await new RaffleVerifyCommand().run([await fileWith('inner.json', published.draw)])).toBe(1);
    expect(JSON.parse(output.join('')).failures[0]).toMatchObject({ check: 'document' });
  });

  it('refuses a missing file with exit code 2', async () => {
    expect(await new RaffleVerifyCommand().run([join(dir, 'none.json')])).toBe(2);
    expect(await new RaffleVerifyCommand().run([])).toBe(2);
  });
});
