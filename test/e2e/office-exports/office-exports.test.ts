import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { addDays, seoulDate } from '@goodpay/shared';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { confirmPayment } from '../../support/platform-payments';
import { eventually } from '../../support/processes';
import { ShiftedSystem } from '../raffle/support/shifted-system';

type Row = unknown[];

/**
 * Issue 16, item 5, as the office meets it: data made over HTTP (shops, prepayments, a
 * redemption, a cashback donation and its receipt, a day's settlement), then each kind of
 * export requested, polled and downloaded over HTTP, and opened as a spreadsheet opens it
 * (exceljs for .xlsx; exceljs's CSV reader for .csv, after checking the byte-order mark),
 * with totals that match what the api answers.
 */
describe('e2e: office exports of each kind open in a spreadsheet with the right totals', () => {
  const system = new ShiftedSystem();
  const today = seoulDate(new Date().toISOString());
  const year = Number(today.slice(0, 4));
  let staff: string;
  let campaignId: string;
  const period = { from: addDays(today, -1), to: addDays(today, 1) };

  type Call = Parameters<ShiftedSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = async (path: string, token: string, body: unknown) => {
    const answer = await send('POST', path, { token, body, idempotencyKey: randomUUID() });
    if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  beforeAll(async () => {
    await system.start();
    staff = await system.freshToken('staff-office', 'staff');
  }, 120_000);
  afterAll(() => system.stop());

  async function shop(owner: string, category: string, district: string): Promise<{ merchantId: string; token: string }> {
    const token = await system.freshToken(owner, 'merchant');
    const { merchantId } = await create('/merchants', token, {
      name: `${district} ${category}`,
      category,
      district,
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    expect((await send('POST', `/merchants/${merchantId}/approve`, { token: staff })).status).toBe(200);
    return { merchantId, token };
  }

  async function platformPrepayment(citizenId: string, merchantId: string, amount: number): Promise<string> {
    const token = await system.freshToken(citizenId, 'citizen');
    const { prepaymentId } = await create('/prepayments', token, {
      campaignId,
      merchantId,
      amount,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    await confirmPayment(system, staff, prepaymentId, amount);
    return prepaymentId;
  }

  /** Requests an export, waits for its job, downloads the file. */
  async function exported(body: Record<string, unknown>): Promise<{ file: Buffer; contentType: string; status: any }> {
    const { exportId } = await create('/office-exports', staff, body);
    let status: any;
    await eventually(
      async () => {
        status = (await send('GET', `/office-exports/${exportId}`, { token: staff })).body;
        return status.status !== 'pending';
      },
      `export ${exportId} is built`,
      60_000,
    );
    expect(status).toMatchObject({ status: 'ready', request: { kind: body.kind, format: body.format } });
    const response = await fetch(`${system.baseUrl}/office-exports/${exportId}/file`, { headers: { authorization: `Bearer ${staff}` } });
    expect(response.status).toBe(200);
    return { file: Buffer.from(await response.arrayBuffer()), contentType: response.headers.get('content-type') ?? '', status };
  }

  async function xlsxRows(file: Buffer): Promise<Row[]> {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as never);
    const rows: Row[] = [];
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as Row).slice(1)));
    return rows;
  }

  async function csvRows(file: Buffer): Promise<Row[]> {
    const text = file.toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const workbook = new ExcelJS.Workbook();
    const worksheet = await workbook.csv.read(Readable.from([text.slice(1)]), { parserOptions: {} } as never);
    const rows: Row[] = [];
    worksheet.eachRow((row) => rows.push((row.values as Row).slice(1)));
    return rows;
  }

  const totalsRow = (rows: Row[]) => rows[rows.length - 1];

  it('builds the data over HTTP', async () => {
    const campaignBody = {
      name: '전북 착한 선결제',
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: addDays(today, -1),
      endsOn: addDays(today, 60),
      participationTarget: { participants: 10, amount: 1_000_000 },
      prepaidTerms: { validityDays: 365, shopClosure: { refundPercent: 90, approval: 'staff' } },
    };
    const campaign = await create('/campaigns', staff, campaignBody);
    campaignId = campaign.campaignId;
    // The campaign's prepaid terms, as configured over the standard defaults, and refused out of range.
    const view = await send('GET', `/campaigns/${campaignId}?after=${campaign.position}`);
    expect(view.body.prepaidTerms).toEqual({
      validityDays: 365,
      keepAfterCampaignEnd: true,
      shopClosure: { refundPercent: 90, approval: 'staff' },
    });
    const refused = await send('POST', '/campaigns', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: { ...campaignBody, prepaidTerms: { shopClosure: { refundPercent: 0 } } },
    });
    expect(refused).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const noodles = await shop('owner-noodles', 'restaurant', 'Wansan-gu');
    const cafe = await shop('owner-cafe', 'cafe', 'Deokjin-gu');

    const first = await platformPrepayment('citizen-a', noodles.merchantId, 100_000);
    await platformPrepayment('citizen-b', cafe.merchantId, 200_000);
    await create('/prepayments', noodles.token, {
      campaignId,
      merchantId: noodles.merchantId,
      amount: 150_000,
      channel: 'at_shop',
      payer: { id: 'citizen-c', kind: 'citizen' },
    });
    await create(`/prepayments/${first}/redemptions`, noodles.token, { amount: 30_000 });

    const donor = await system.freshToken('citizen-a', 'citizen');
    await create('/donations', donor, {
      amount: 7_000,
      reportedCashback: 10_000,
      cashbackMonth: `${year}-${today.slice(5, 7)}`,
      cardReference: '9410 1234 5678 4321',
    });
    const run = await send('POST', '/donation-receipts/runs', { token: staff, body: { year } });
    expect(run.status).toBe(200);

    // The next day, the office settles today's confirmed platform payments.
    system.setDaysAhead(1);
    staff = await system.freshToken('staff-office', 'staff');
    const settled = await send('POST', `/settlement-days/${today}/run`, { token: staff });
    expect(settled.status).toBe(202); // run by the worker
    // Exports read the read models: wait until they include everything above (two shops settled).
    await eventually(async () => (await send('GET', '/settlements', { token: staff })).body.total === 2, 'both shops settled', 60_000);
    await eventually(
      async () =>
        (await send('GET', `/campaigns/${campaignId}/dashboard?after=${settled.body.position ?? 0}`, { token: staff })).status === 200,
      'dashboard projected',
    );
  });

  it('dashboard (xlsx): by category and district, against the target', async () => {
    const { file, contentType, status } = await exported({ kind: 'dashboard', format: 'xlsx', campaignId, ...period });
    expect(contentType).toContain('spreadsheetml');
    expect(status.fileName).toBe(`goodpay-dashboard-${period.from}_${period.to}.xlsx`);
    const rows = await xlsxRows(file);
    expect(String(rows[0][0])).toContain('전북 착한 선결제 · 업종·지역별 실적');
    expect(String(rows[0][0])).toContain('목표 1,000,000원');
    expect(rows[1]).toEqual(['구분', '항목', '선결제 건수', '참여자 수', '선결제 금액', '사용 금액', '환불 금액', '목표 대비']);
    // The at-shop prepayment is unclaimed: it counts for no participant until its payer claims it.
    expect(rows).toContainEqual(['업종', '음식점', 2, 1, 250_000, 30_000, 0, '25.0%']);
    expect(rows).toContainEqual(['업종', '카페', 1, 1, 200_000, 0, 0, '20.0%']);
    expect(rows).toContainEqual(['지역', 'Wansan-gu', 2, 1, 250_000, 30_000, 0, '25.0%']);
    const totals = totalsRow(rows);
    expect([totals[0], totals[2], totals[4], totals[5], totals[7]]).toEqual(['합계', 3, 450_000, 30_000, '45.0%']);
    // The same figure the api's dashboard shows.
    const dashboard = (await send('GET', `/campaigns/${campaignId}/dashboard`, { token: staff })).body;
    expect(JSON.stringify(dashboard)).toContain('450000');
  });

  it('prepayments (csv): each one, with the totals', async () => {
    const { file, contentType } = await exported({ kind: 'prepayments', format: 'csv', campaignId, ...period });
    expect(contentType).toContain('text/csv');
    const rows = await csvRows(file);
    expect(rows[1].slice(0, 4)).toEqual(['선결제 ID', '결제일', '결제자 구분', '결제자']);
    const data = rows.slice(2, -1);
    expect(data).toHaveLength(3);
    expect(data.map((row) => row[8]).sort()).toEqual([100_000, 150_000, 200_000]);
    expect(totalsRow(rows).slice(8, 12)).toEqual([450_000, 30_000, 0, 420_000]);
  });

  it('settlements and payouts (xlsx): each shop’s day, totals as the api lists them', async () => {
    const { file } = await exported({ kind: 'settlements', format: 'xlsx', ...period });
    const rows = await xlsxRows(file);
    expect(rows[1].slice(0, 5)).toEqual(['정산 ID', '정산일', '가맹점 ID', '건수', '결제 금액']);
    const data = rows.slice(2, -1);
    const listed = (await send('GET', '/settlements', { token: staff })).body;
    expect(data).toHaveLength(listed.total);
    expect(totalsRow(rows)[4]).toBe(300_000); // the two platform prepayments confirmed that day
    const payouts = data.reduce((sum, row) => sum + Number(row[9]), 0);
    expect(totalsRow(rows)[9]).toBe(payouts);
    expect(payouts).toBe(listed.items.reduce((sum: number, s: { payout: number }) => sum + Number(s.payout), 0));
  });

  it('donations and receipts (csv): every won on one receipt', async () => {
    const { file } = await exported({ kind: 'donations', format: 'csv', ...period });
    const rows = await csvRows(file);
    expect(rows[1]).toEqual(['기부 ID', '기부일', '기부자 구분', '기부자', '재원', '기부 금액', '영수증 번호', '영수증 발급일']);
    const data = rows.slice(2, -1);
    expect(data).toHaveLength(1);
    expect(data[0][5]).toBe(7_000);
    expect(String(data[0][6])).toMatch(new RegExp(`^${year}-\\d{6}$`));
    expect(totalsRow(rows)[5]).toBe(7_000);
  });

  it('raffle winners (xlsx): opens with the drawn rounds (none here) and a zero total', async () => {
    const { file } = await exported({ kind: 'raffle-winners', format: 'xlsx', campaignId, ...period });
    const rows = await xlsxRows(file);
    expect(rows[1]).toEqual(['회차', '응모 기간', '순위', '당첨자', '상태', '경품 금액']);
    expect(rows).toHaveLength(3);
    const totals = totalsRow(rows);
    expect([totals[0], totals[1], totals[5]]).toEqual(['합계', '0명', 0]);
  });

  it('refuses a bad request with problem+json and writes nothing', async () => {
    const events = async () => Number((await system.sql<{ n: string }>('SELECT count(*) AS n FROM events'))[0].n);
    const before = await events();
    const bad = await send('POST', '/office-exports', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: { kind: 'dashboard', format: 'xlsx', from: period.from, to: period.to },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'campaign_required' });
    const long = await send('POST', '/office-exports', {
      token: staff,
      idempotencyKey: randomUUID(),
      body: { kind: 'donations', format: 'csv', from: '2024-01-01', to: '2025-06-30' },
    });
    expect(long.body).toMatchObject({ code: 'invalid_export_period' });
    const citizen = await system.freshToken('citizen-a', 'citizen');
    expect(
      (
        await send('POST', '/office-exports', {
          token: citizen,
          idempotencyKey: randomUUID(),
          body: { kind: 'donations', format: 'csv', ...period },
        })
      ).status,
    ).toBe(403);
    expect(await events()).toBe(before);
  });
});
