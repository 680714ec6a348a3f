import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@goodpay/event-store';
import { decodeCsv, parseCsv, PayoutAccounts, PayoutFiles } from '@goodpay/settlement';
import { bankResult, fileRowOf } from '../../support/bank-file-result';
import { SettlementWorld } from './settlement-world';

const DAY = '2025-01-14';
const SHOPS = 12;
const staff = (): CommandContext => ({
  actor: { id: 'staff-1', role: 'staff' },
  correlationId: randomUUID(),
  idempotencyKey: randomUUID(),
});

/**
 * Bulk-transfer files on the real PostgreSQL, under concurrency: staff making files at the same
 * moment never put one payout in two files, and results imported twice at once pay each payout
 * once. What "once" means is counted in the log itself.
 */
describe('bulk-transfer files under concurrency', () => {
  let world: SettlementWorld;
  let files: PayoutFiles;

  const count = async (type: string) =>
    (await world.system.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = $1`, [type])).rows[0].n;

  beforeAll(async () => {
    world = await SettlementWorld.start({ payoutAdapter: 'bank-file' });
    files = world.system.app.get(PayoutFiles);
    const accounts = world.system.app.get(PayoutAccounts);
    for (let i = 0; i < SHOPS; i += 1) {
      const name = `Shop ${i}`;
      const merchantId = await world.openShop(name);
      const owner: CommandContext = { actor: { id: `owner-of-${name}`, role: 'merchant' }, correlationId: randomUUID() };
      await accounts.register(owner, merchantId, {
        bankCode: '004',
        accountNumber: `1234567890${String(i).padStart(2, '0')}`,
        holderName: name,
      });
      await world.prepay(merchantId, 10_000 * (i + 1), '2025-01-14T03:00:00Z');
    }
    world.dayAfter(DAY);
    await world.run.settleDay(DAY);
    await world.ledger();
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  });

  it('puts each payout in exactly one of the files made at the same moment', async () => {
    const made = await Promise.allSettled(Array.from({ length: 4 }, () => files.create(staff(), '037')));
    const refusals = made.filter((result) => result.status === 'rejected').map((result) => (result as PromiseRejectedResult).reason.code);
    // A loser finds nothing left, or kept losing the race for the same payouts (a 409 to retry).
    expect(refusals.every((code) => code === 'no_payouts_to_send' || code === 'concurrency_conflict')).toBe(true);
    const created = made
      .filter((result) => result.status === 'fulfilled')
      .map((result) => (result as PromiseFulfilledResult<Awaited<ReturnType<PayoutFiles['create']>>>).value.response);
    expect(created.reduce((total, file) => total + file.count, 0)).toBe(SHOPS);
    expect(await count('PayoutSentInFile')).toBe(SHOPS);
    const twice = await world.system.sql.query(
      `SELECT stream_id FROM events WHERE type = 'PayoutSentInFile' GROUP BY stream_id HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    // Each file's totals row adds its own rows up.
    for (const file of created) {
      const rendered = await files.render({ id: 'staff-1', role: 'staff' }, file.fileId, 'csv');
      const cells = parseCsv(decodeCsv(rendered.bytes));
      const rows = cells.slice(1, -1).map(fileRowOf);
      expect(rows).toHaveLength(file.count);
      expect(cells[cells.length - 1][4]).toBe(String(rows.reduce((total, row) => total + Number(row.amount), 0)));
      expect(cells[cells.length - 1][4]).toBe(file.total);
    }

    // The same results, imported twice at once for every file: each payout is paid once.
    await Promise.all(
      created.flatMap((file) =>
        [0, 1].map(async () => {
          const rendered = await files.render({ id: 'staff-1', role: 'staff' }, file.fileId, 'csv');
          const rows = parseCsv(decodeCsv(rendered.bytes)).slice(1, -1).map(fileRowOf);
          for (let attempt = 1; ; attempt += 1) {
            try {
              return await files.importResult(staff(), file.fileId, bankResult(rows, {}));
            } catch (error) {
              // Two imports of one file race on the same payouts: the loser asks again, as a client would on 409.
              if ((error as { status?: number }).status !== 409 || attempt >= 5) throw error;
            }
          }
        }),
      ),
    );
    expect(await count('PayoutPaid')).toBe(SHOPS);
    expect(await count('PayoutFileResultImported')).toBe(created.length);
  });
});
