import { randomUUID } from 'node:crypto';
import { useIsolatedEnv } from '@goodpay/platform';
import { decodeCsv, parseCsv, readXlsx, RecordingAccountHolderCheck, TOTALS_LABEL, TRANSFER_COLUMNS } from '@goodpay/settlement';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { bankResult, type FileRow, fileRowOf, multipartFile } from '../../support/bank-file-result';
import { eventually } from '../../support/processes';
import { InProcessProduct } from '../../e2e/settlement-week/support/in-process-product';

const env = useIsolatedEnv('bank_file_payouts');
// Read by AppConfig when the product starts: payouts leave by bulk-transfer file.
process.env.PAYOUT_ADAPTER = 'bank-file';

const DAY = '2025-03-03';

/**
 * The cycle of bulk-transfer files beyond one shop paid (which the real-edges journey,
 * test/e2e/real-edges, shows over HTTP with the api and worker processes): with every worker
 * running in this process and a clock the test moves, three shops are settled; a file holds only
 * the shops with a checked account, as CSV, XLSX and EUC-KR alike, with a totals row that adds
 * up; no payout is in two files at once; a row the bank failed goes out again in the next file;
 * a result imported twice changes nothing; a shop that registers its account later is paid then.
 */
describe('bulk-transfer files: formats, one file at a time, failed rows again, accounts registered late', () => {
  const product = new InProcessProduct(`${DAY}T01:00:00.000Z`);
  const call = product.call.bind(product);
  let staff: string;
  const shops: Record<'noodles' | 'cafe' | 'stall', { merchantId: string; owner: string; account: string; holder: string }> = {} as never;
  let firstFile: string;
  let firstRows: FileRow[];

  const ok = (answer: { status: number; body: any }, status = 200) => {
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const download = async (fileId: string, query = '') => {
    const response = await product.app.inject({
      method: 'GET',
      url: `/payout-files/${fileId}${query}`,
      headers: { authorization: `Bearer ${staff}` },
    });
    return { status: response.statusCode, headers: response.headers, bytes: response.rawPayload };
  };
  const downloadRows = async (fileId: string) => {
    const { status, bytes } = await download(fileId);
    expect(status).toBe(200);
    return parseCsv(decodeCsv(bytes));
  };
  const importResult = async (fileId: string, bytes: Buffer) => {
    const { payload, headers } = multipartFile('file', 'result.csv', bytes);
    const response = await product.app.inject({
      method: 'POST',
      url: `/payout-files/${fileId}/result`,
      headers: { ...headers, authorization: `Bearer ${staff}` },
      payload,
    });
    return { status: response.statusCode, body: response.json() };
  };
  const cafeRow = () => firstRows.find((row) => row.accountNumber === shops.cafe.account)!;
  const payoutOf = async (merchantId: string) => {
    const payouts = ok(await call('GET', '/payouts', { token: staff })) as {
      merchantId: string;
      status: string;
      lastError: string | null;
      amount: number;
    }[];
    return payouts.find((payout) => payout.merchantId === merchantId);
  };

  beforeAll(async () => {
    await product.start();
    staff = await product.token('staff-payouts', 'staff');
    const { campaignId } = ok(
      await call('POST', '/campaigns', {
        token: staff,
        key: randomUUID(),
        body: {
          name: 'Jeonbuk good prepayment',
          region: { kind: 'province', name: 'Jeonbuk' },
          startsOn: DAY,
          endsOn: '2025-03-31',
          bounds: { minPerPrepayment: 10_000, maxPerPrepayment: 300_000, maxPerPersonPerMonth: 1_000_000 },
          participationTarget: { participants: 5_000, amount: 500_000_000 },
        },
      }),
      201,
    );
    const citizen = await product.token('citizen-kim', 'citizen');
    const shopsToOpen = [
      ['noodles', 'Hanok Noodles', 100_000, '088', '110-123-456789', '홍길동(Hanok Noodles)'],
      ['cafe', '모닝 카페', 50_000, '090', '3333-01-2345678', '모닝카페'],
      ['stall', 'Nambu Market Stall', 30_000, '', '', ''],
    ] as const;
    for (const [shop, name, amount, bankCode, account, holder] of shopsToOpen) {
      const owner = await product.token(`owner-${shop}`, 'merchant');
      const { merchantId } = ok(
        await call('POST', '/merchants', {
          token: owner,
          key: randomUUID(),
          body: { name, category: 'restaurant', district: 'Wansan-gu', businessRegistrationNumber: aBusinessRegistrationNumber() },
        }),
        201,
      );
      ok(await call('POST', `/merchants/${merchantId}/approve`, { token: staff }));
      shops[shop] = { merchantId, owner, account: account.replace(/-/g, ''), holder };
      if (bankCode) {
        const registered = ok(
          await call('PUT', `/merchants/${merchantId}/payout-account`, {
            token: owner,
            body: { bankCode, accountNumber: account, holderName: holder },
          }),
        );
        expect(registered).toMatchObject({
          bankCode,
          verified: true,
          accountNumberMasked: `${'*'.repeat(shops[shop].account.length - 4)}${shops[shop].account.slice(-4)}`,
        });
        expect(JSON.stringify(registered)).not.toContain(shops[shop].account);
      }
      const order = ok(
        await call('POST', '/prepayments', {
          token: citizen,
          key: randomUUID(),
          body: {
            campaignId,
            merchantId,
            amount,
            channel: 'platform',
            paymentConfirmation: { provider: 'toss', externalReference: `pay-${shop}` },
          },
        }),
        201,
      );
      ok(await call('POST', `/prepayments/${order.prepaymentId}/payment-confirmation`, { token: staff, body: { amount } }));
    }
    // The bank was asked about both accounts registered, and only those.
    expect(await product.app.get(RecordingAccountHolderCheck, { strict: false }).inquiries()).toEqual([
      { bankCode: '088', accountNumber: '110123456789' },
      { bankCode: '090', accountNumber: '3333012345678' },
    ]);

    // Overnight: staff run the day; the worker settles each shop and its payout job leaves it waiting for a file.
    product.at('2025-03-04', '03:00');
    ok(await call('POST', `/settlement-days/${DAY}/run`, { token: staff }), 202);
    await eventually(async () => {
      const payouts = ok(await call('GET', '/payouts?status=scheduled', { token: staff })) as unknown[];
      return payouts.length === 3;
    }, 'the three payouts are scheduled');
  }, 120_000);

  afterAll(async () => {
    await product.stop();
    await env.cleanup();
  });

  it('puts every verified shop in one file, CSV and XLSX alike, with a totals row that adds up', async () => {
    const made = ok(await call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } }), 201);
    expect(made).toMatchObject({ count: 2, total: '150000', waitingForAccount: 1 });
    firstFile = made.fileId;

    const csv = await downloadRows(firstFile);
    expect(csv[0]).toEqual([...TRANSFER_COLUMNS]);
    firstRows = csv.slice(1, -1).map(fileRowOf);
    // Rows are numbered in the order the payouts were scheduled (the run settles shops by id).
    expect(firstRows.map((row) => row.row)).toEqual(['1', '2']);
    expect(firstRows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          bankCode: '088',
          accountNumber: shops.noodles.account,
          holder: shops.noodles.holder,
          amount: '100000',
          memo: '굿페이정산0304',
        }),
        expect.objectContaining({
          bankCode: '090',
          accountNumber: shops.cafe.account,
          holder: shops.cafe.holder,
          amount: '50000',
          memo: '굿페이정산0304',
        }),
      ]),
    );
    expect(csv[csv.length - 1]).toEqual([TOTALS_LABEL, '', '', '2건', '150000', '', '']);
    const sum = firstRows.reduce((total, row) => total + Number(row.amount), 0);
    expect(sum).toBe(150_000);

    const xlsx = await download(firstFile, '?format=xlsx');
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['cache-control']).toBe('no-store');
    expect(await readXlsx(xlsx.bytes)).toEqual(csv);
    const eucKr = await download(firstFile, '?encoding=euc-kr');
    expect(parseCsv(decodeCsv(eucKr.bytes))).toEqual(csv);
  });

  it('never puts a payout in a second file while the first has no result for it', async () => {
    const again = await call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } });
    expect(again.body).toMatchObject({ status: 422, code: 'no_payouts_to_send' });
  });

  it("marks each row paid or failed from the bank's result, once however often it is imported", async () => {
    const result = bankResult(firstRows, { [cafeRow().payoutId]: { paid: false, reason: '수취인 계좌 오류' } }, { encoding: 'euc-kr' });
    const imported = await importResult(firstFile, result);
    expect(imported).toMatchObject({ status: 200, body: { paid: 1, failed: 1, alreadyRecorded: 0, refused: 0, replayed: false } });

    const events = await product.eventCount();
    const replay = await importResult(firstFile, result);
    expect(replay).toMatchObject({ status: 200, body: { paid: 0, failed: 0, alreadyRecorded: 2, refused: 0 } });
    expect(await product.eventCount()).toBe(events);

    await eventually(async () => (await payoutOf(shops.noodles.merchantId))?.status === 'paid', 'the noodle shop is paid');
    expect(await payoutOf(shops.cafe.merchantId)).toMatchObject({
      status: 'scheduled',
      lastError: expect.stringContaining('수취인 계좌 오류'),
    });
    const reconciliation = ok(await call('GET', `/settlement-days/${DAY}/reconciliation`, { token: staff }));
    expect(reconciliation.totals).toMatchObject({ payout: 180_000, paid: 100_000 });
  });

  it('sends the failed row again in the next file, and its result pays it', async () => {
    const next = ok(await call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } }), 201);
    expect(next).toMatchObject({ count: 1, total: '50000', waitingForAccount: 1 });
    const csv = await downloadRows(next.fileId);
    const rows = csv.slice(1, -1).map(fileRowOf);
    expect(rows).toEqual([
      expect.objectContaining({
        row: '1',
        bankCode: '090',
        accountNumber: shops.cafe.account,
        amount: '50000',
        payoutId: cafeRow().payoutId,
      }),
    ]);
    expect(csv[csv.length - 1]).toEqual([TOTALS_LABEL, '', '', '1건', '50000', '', '']);

    // The old file's result, imported again after the payout moved on, changes nothing.
    const events = await product.eventCount();
    expect((await importResult(firstFile, bankResult(firstRows, {}))).body).toMatchObject({ paid: 0, failed: 0, alreadyRecorded: 2 });
    expect(await product.eventCount()).toBe(events);

    expect((await importResult(next.fileId, bankResult(rows, {}))).body).toMatchObject({ paid: 1, failed: 0 });
    await eventually(async () => (await payoutOf(shops.cafe.merchantId))?.status === 'paid', 'the cafe is paid');
    await eventually(async () => {
      const reconciliation = ok(await call('GET', `/settlement-days/${DAY}/reconciliation`, { token: staff }));
      return reconciliation.totals.paid === 150_000;
    }, 'the day shows both shops paid');
  });

  it('pays the shop without an account once it registers one', async () => {
    ok(
      await call('PUT', `/merchants/${shops.stall.merchantId}/payout-account`, {
        token: shops.stall.owner,
        body: { bankCode: '011', accountNumber: '302-1234-5678-91', holderName: 'Nambu Market Stall' },
      }),
    );
    const file = ok(await call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } }), 201);
    expect(file).toMatchObject({ count: 1, total: '30000', waitingForAccount: 0 });
    const rows = (await downloadRows(file.fileId)).slice(1, -1).map(fileRowOf);
    expect(rows).toEqual([
      expect.objectContaining({ bankCode: '011', accountNumber: '3021234567891', holder: 'Nambu Market Stall', amount: '30000' }),
    ]);
  });
});
