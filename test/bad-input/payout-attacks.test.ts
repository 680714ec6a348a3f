import { randomUUID } from 'node:crypto';
import { useIsolatedEnv } from '@goodpay/platform';
import { decodeCsv, parseCsv, RecordingAccountHolderCheck, RESULT_COLUMNS, writeCsv } from '@goodpay/settlement';
import { aBusinessRegistrationNumber } from '../../libs/merchant/src/test/business-registration-numbers';
import { eventually } from '../support/processes';
import { InProcessProduct } from '../e2e/settlement-week/support/in-process-product';
import { bankResult, type FileRow, fileRowOf, multipartFile } from '../support/bank-file-result';

const env = useIsolatedEnv('payout_attacks');
process.env.PAYOUT_ADAPTER = 'bank-file';

const DAY = '2025-03-03';
const ACCOUNT = { bankCode: '088', accountNumber: '110-123-456789', holderName: 'Hanok Noodles' };

/**
 * Settlement accounts and bulk-transfer files under bad input: wrong bank codes and account
 * numbers, a holder the bank does not confirm, result files that are malformed, tampered (amount,
 * account, payout), do not add up, or are replayed. Each is refused with a stable code and changes
 * nothing: no event, no payout marked, and for bad input no question to the bank.
 */
describe('bad input: settlement accounts and bulk-transfer files', () => {
  const product = new InProcessProduct(`${DAY}T01:00:00.000Z`);
  const call = product.call.bind(product);
  let staff: string;
  let owner: string;
  let merchantId: string;
  let fileId: string;
  let rows: FileRow[];
  let holders: RecordingAccountHolderCheck;

  const ok = (answer: { status: number; body: any }, status = 200) => {
    if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const register = (body: unknown, token = owner, merchant = merchantId) =>
    call('PUT', `/merchants/${merchant}/payout-account`, { token, body });
  const upload = async (bytes: Buffer, { id = fileId, token = staff, field = 'file' } = {}) => {
    const { payload, headers } = multipartFile(field, 'result.csv', bytes);
    const response = await product.app.inject({
      method: 'POST',
      url: `/payout-files/${id}/result`,
      headers: { ...headers, authorization: `Bearer ${token}` },
      payload,
    });
    return { status: response.statusCode, body: response.json() };
  };
  /** The answer, and that the log and the bank's inquiries did not move while it was made. */
  const unchanged = async <T>(attempt: () => Promise<T>): Promise<T> => {
    const [events, inquiries] = [await product.eventCount(), (await holders.inquiries()).length];
    const answer = await attempt();
    expect(await product.eventCount()).toBe(events);
    expect((await holders.inquiries()).length).toBe(inquiries);
    return answer;
  };

  beforeAll(async () => {
    await product.start();
    holders = product.app.get(RecordingAccountHolderCheck, { strict: false });
    staff = await product.token('staff-attacks', 'staff');
    owner = await product.token('owner-attacks', 'merchant');
    const { campaignId } = ok(
      await call('POST', '/campaigns', {
        token: staff,
        key: randomUUID(),
        body: {
          name: 'Attacked campaign',
          region: { kind: 'province', name: 'Jeonbuk' },
          startsOn: DAY,
          endsOn: '2025-03-31',
          bounds: { minPerPrepayment: 10_000, maxPerPrepayment: 300_000, maxPerPersonPerMonth: 1_000_000 },
          participationTarget: { participants: 5_000, amount: 500_000_000 },
        },
      }),
      201,
    );
    ({ merchantId } = ok(
      await call('POST', '/merchants', {
        token: owner,
        key: randomUUID(),
        body: {
          name: 'Hanok Noodles',
          category: 'restaurant',
          district: 'Wansan-gu',
          businessRegistrationNumber: aBusinessRegistrationNumber(),
        },
      }),
      201,
    ));
    ok(await call('POST', `/merchants/${merchantId}/approve`, { token: staff }));
    const citizen = await product.token('citizen-attacks', 'citizen');
    const order = ok(
      await call('POST', '/prepayments', {
        token: citizen,
        key: randomUUID(),
        body: {
          campaignId,
          merchantId,
          amount: 120_000,
          channel: 'platform',
          paymentConfirmation: { provider: 'toss', externalReference: 'pay-attacks' },
        },
      }),
      201,
    );
    ok(await call('POST', `/prepayments/${order.prepaymentId}/payment-confirmation`, { token: staff, body: { amount: 120_000 } }));
  }, 120_000);

  afterAll(async () => {
    await product.stop();
    await env.cleanup();
  });

  it.each([
    ['an unknown bank code', { ...ACCOUNT, bankCode: '999' }, 400, 'unknown_bank_code'],
    ['a bank code as a number', { ...ACCOUNT, bankCode: 88 }, 400, 'validation_failed'],
    ['an account number with letters', { ...ACCOUNT, accountNumber: '110-ABC-456789' }, 400, 'invalid_account_number'],
    ['an account number too short', { ...ACCOUNT, accountNumber: '123-456-789' }, 400, 'invalid_account_number'],
    ['an account number too long', { ...ACCOUNT, accountNumber: '1234-5678-9012-345' }, 400, 'invalid_account_number'],
    ['a holder name that starts a spreadsheet formula', { ...ACCOUNT, holderName: '=HYPERLINK("http://x")' }, 400, 'invalid_holder_name'],
    ['a holder name with a line break', { ...ACCOUNT, holderName: 'Hanok\nNoodles' }, 400, 'invalid_holder_name'],
    ['a blank holder name', { ...ACCOUNT, holderName: '   ' }, 400, 'invalid_holder_name'],
    ['an unknown field', { ...ACCOUNT, verified: true }, 400, 'validation_failed'],
  ])('refuses %s before asking the bank', async (_label, body, status, code) => {
    const answer = await unchanged(() => register(body));
    expect(answer.body).toMatchObject({ status, code });
  });

  it("refuses an account the bank holds under another name, or not in the shop's name, or does not know", async () => {
    await holders.answer('088', '110123456789', '김철수');
    expect((await register(ACCOUNT)).body).toMatchObject({ status: 422, code: 'account_holder_mismatch' });
    expect((await register({ ...ACCOUNT, holderName: '김철수' })).body).toMatchObject({ status: 422, code: 'account_holder_not_business' });
    await holders.answer('088', '110123456789', null);
    expect((await register(ACCOUNT)).body).toMatchObject({ status: 422, code: 'account_not_found' });
    expect((await call('GET', `/merchants/${merchantId}/payout-account`, { token: owner })).body).toMatchObject({
      status: 404,
      code: 'payout_account_not_found',
    });
  });

  it("refuses another owner's shop as missing, and every role but the owner", async () => {
    const stranger = await product.token('owner-stranger', 'merchant');
    expect((await unchanged(() => register(ACCOUNT, stranger))).body).toMatchObject({ status: 404, code: 'merchant_not_found' });
    expect((await unchanged(() => register(ACCOUNT, staff))).body).toMatchObject({ status: 403, code: 'wrong_role' });
    expect((await unchanged(() => register(ACCOUNT, owner, randomUUID()))).body).toMatchObject({ status: 404, code: 'merchant_not_found' });
  });

  it('makes and serves files to staff only, and refuses a file with nothing to pay', async () => {
    expect(
      (await unchanged(() => call('POST', '/payout-files', { token: owner, key: randomUUID(), body: { senderBankCode: '037' } }))).body,
    ).toMatchObject({
      status: 403,
      code: 'wrong_role',
    });
    expect(
      (await unchanged(() => call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '999' } }))).body,
    ).toMatchObject({
      status: 400,
      code: 'unknown_bank_code',
    });
    // Not settled yet: nothing waits for a file.
    expect(
      (await unchanged(() => call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } }))).body,
    ).toMatchObject({
      status: 422,
      code: 'no_payouts_to_send',
    });

    await holders.answer('088', '110123456789', 'Hanok Noodles');
    ok(await register(ACCOUNT));
    product.at('2025-03-04', '03:00');
    ok(await call('POST', `/settlement-days/${DAY}/run`, { token: staff }), 202);
    await eventually(
      async () => (ok(await call('GET', '/payouts?status=scheduled', { token: staff })) as unknown[]).length === 1,
      'the payout is scheduled',
    );
    ({ fileId } = ok(await call('POST', '/payout-files', { token: staff, key: randomUUID(), body: { senderBankCode: '037' } }), 201));
    const download = await product.app.inject({
      method: 'GET',
      url: `/payout-files/${fileId}`,
      headers: { authorization: `Bearer ${staff}` },
    });
    rows = parseCsv(decodeCsv(download.rawPayload)).slice(1, -1).map(fileRowOf);
    expect(rows).toHaveLength(1);

    const asOwner = await product.app.inject({
      method: 'GET',
      url: `/payout-files/${fileId}`,
      headers: { authorization: `Bearer ${owner}` },
    });
    expect(asOwner.json()).toMatchObject({ status: 403, code: 'wrong_role' });
    expect((await call('GET', `/payout-files/${randomUUID()}`, { token: staff })).body).toMatchObject({
      status: 404,
      code: 'payout_file_not_found',
    });
    expect((await call('GET', `/payout-files/${fileId}?format=pdf`, { token: staff })).body).toMatchObject({
      status: 400,
      code: 'validation_failed',
    });
  });

  const header = [...RESULT_COLUMNS];
  const line = (row: FileRow, result = '정상') => [
    row.row,
    row.bankCode,
    row.accountNumber,
    row.holder,
    row.amount,
    row.memo,
    row.payoutId,
    result,
    '',
  ];

  it.each([
    ['bytes that are no CSV', () => Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x22, 0x0a])],
    ['a workbook that is not one', () => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from('not a zip')])],
    [
      'another header',
      () =>
        writeCsv(
          [
            ['no', 'bank', 'account'],
            ['1', '088', '1'],
          ],
          'utf-8',
        ),
    ],
    ['no rows', () => writeCsv([header], 'utf-8')],
    ['a result that is neither 정상 nor 불능', () => writeCsv([header, line(rows[0], '완료')], 'utf-8')],
    ['an amount with a fraction', () => writeCsv([header, [...line(rows[0]).slice(0, 4), '120000.5', ...line(rows[0]).slice(5)]], 'utf-8')],
    ['the same row twice', () => writeCsv([header, line(rows[0]), line(rows[0])], 'utf-8')],
    ['an unclosed quote', () => Buffer.from(`${header.join(',')}\r\n"1,088`)],
  ])('refuses %s as a whole, marking nothing', async (_label, bytes) => {
    const answer = await unchanged(() => upload(bytes()));
    expect(answer.body).toMatchObject({ status: 400, code: 'result_file_malformed' });
  });

  it('refuses a totals row that does not add up', async () => {
    const lying = writeCsv([header, line(rows[0]), ['합계', '', '', '1건', '999999', '', '', '', '']], 'utf-8');
    expect((await unchanged(() => upload(lying))).body).toMatchObject({ status: 422, code: 'result_totals_mismatch' });
  });

  it.each([
    ['a tampered amount', (row: FileRow) => ({ ...row, amount: '1200000' }), 'amount_mismatch'],
    ['another account', (row: FileRow) => ({ ...row, accountNumber: '110123456780' }), 'account_mismatch'],
    ['another bank', (row: FileRow) => ({ ...row, bankCode: '004' }), 'account_mismatch'],
    ['another payout id', (row: FileRow) => ({ ...row, payoutId: randomUUID() }), 'unknown_row'],
    ['a row the file does not have', (row: FileRow) => ({ ...row, row: '7' }), 'unknown_row'],
  ])('refuses a row with %s and reports it, marking nothing', async (_label, tamper, code) => {
    const answer = await unchanged(() => upload(bankResult(rows, {}, { tamper })));
    expect(answer).toMatchObject({ status: 200, body: { paid: 0, failed: 0, refused: 1, rows: [{ outcome: 'refused', code }] } });
  });

  it('refuses an upload that is not the one file, or for a file that does not exist, or by anyone but staff', async () => {
    const result = bankResult(rows, {});
    expect((await unchanged(() => upload(result, { field: 'photo' }))).body).toMatchObject({ status: 400, code: 'unknown_field' });
    expect((await unchanged(() => upload(result, { id: randomUUID() }))).body).toMatchObject({
      status: 404,
      code: 'payout_file_not_found',
    });
    expect((await unchanged(() => upload(result, { token: owner }))).body).toMatchObject({ status: 403, code: 'wrong_role' });
    expect(
      (await unchanged(() => call('POST', `/payout-files/${fileId}/result`, { token: staff, body: { rows: [] } }))).body,
    ).toMatchObject({
      status: 400,
      code: 'multipart_required',
    });
  });

  it('records a result once: the replay changes nothing', async () => {
    const result = bankResult(rows, {});
    expect((await upload(result)).body).toMatchObject({ paid: 1 });
    const replay = await unchanged(() => upload(result));
    expect(replay.body).toMatchObject({ paid: 0, failed: 0, alreadyRecorded: 1 });
    // A failure reported after the payment cannot undo it.
    const late = await unchanged(() => upload(bankResult(rows, { [rows[0].payoutId]: { paid: false, reason: '계좌 오류' } })));
    expect(late.body).toMatchObject({ paid: 0, failed: 0, alreadyRecorded: 1 });
  });
});
