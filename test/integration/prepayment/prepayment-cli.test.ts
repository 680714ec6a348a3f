import { useIsolatedEnv } from '@goodpay/platform';
import { PREPAYMENT_BALANCES } from '@goodpay/prepayment';
import { runCli } from '../../../apps/cli/src/run-cli';
import { citizen, PrepaymentWorld } from './prepayment-world';

const env = useIsolatedEnv('prepcli');

/** The real CLI module, its commands run as a user runs them, on a database of its own. */
describe('cli: projection:rebuild and invariants:check', () => {
  let world: PrepaymentWorld;
  let output: string[];
  let stdout: jest.SpyInstance;
  let stderr: jest.SpyInstance;

  const cli = async (...argv: string[]) => {
    output = [];
    const code = await runCli(argv);
    return { code, text: output.join('') };
  };

  beforeAll(async () => {
    const capture = (chunk: unknown): boolean => (output.push(String(chunk)), true);
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
    expect((await cli('migrate')).code).toBe(0);
    world = await PrepaymentWorld.attach(env.databaseUrl);
    await world.createCampaign('jeonbuk-2025');
    await world.openShop('m-1', 'restaurant', 'Wansan-gu');
    const { prepaymentId } = await world.prepay({
      payer: citizen('c-1'),
      merchantId: 'm-1',
      campaignId: 'jeonbuk-2025',
      amount: 200_000,
      at: '2025-01-20T01:00:00Z',
    });
    await world.redeem(prepaymentId, 'm-1', 50_000, '2025-01-20T03:00:00Z');
  });
  afterAll(async () => {
    stdout.mockRestore();
    stderr.mockRestore();
    await world.drop();
    await env.cleanup();
  });

  it('invariants:check catches the balances up, prints the report and exits 0 when it holds', async () => {
    const { code, text } = await cli('invariants:check');
    expect(code).toBe(0);
    expect(JSON.parse(text)).toMatchObject({
      ok: true,
      checkedPrepayments: 1,
      totals: { prepaid: 200_000, redeemed: 50_000, refunded: 0, balance: 150_000 },
      violations: [],
    });
  });

  it('exits 1 on a tampered read model, and projection:rebuild repairs it', async () => {
    await world.sql.query(`UPDATE prepayment_balances SET redeemed = redeemed + 7`);
    const failing = await cli('invariants:check', '--no-catch-up');
    expect(failing.code).toBe(1);
    expect(JSON.parse(failing.text).violations).toContainEqual(
      expect.objectContaining({ kind: 'balance_mismatch', expected: 150_000, actual: 149_993 }),
    );

    const rebuilt = await cli('projection:rebuild', PREPAYMENT_BALANCES);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.text).toMatch(/^rebuilt prepayment-balances: \d+ events read in \d+ ms$/m);
    expect((await cli('invariants:check')).code).toBe(0);
  });

  it('names the known projections when given an unknown one', async () => {
    const { code, text } = await cli('projection:rebuild', 'balances');
    expect(code).toBe(2);
    expect(text).toContain('unknown projection "balances"; known: ');
    for (const name of ['prepayment-balances', 'merchant-ledger', 'campaign-dashboard', 'settlement-ledger', 'notification-planner'])
      expect(text).toContain(name);
  });
});
