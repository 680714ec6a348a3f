import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DONATION_LEDGER, validateNtsBulkFile } from '@goodpay/donation';
import { DataSource } from 'typeorm';
import { EventStore, Subscriptions } from '@goodpay/event-store';
import { useIsolatedEnv } from '@goodpay/platform';
import { ApiModule } from '../../../apps/api/src/api.module';
import { createApiApp } from '../../../apps/api/src/bootstrap';
import { metadataFor } from '../../support/actors';
import { pdfText } from '../../support/pdf-text';

const env = useIsolatedEnv('tax_receipts');
process.env.COMMUNITY_CHEST_REGISTRATION_NUMBER = '123-82-00457';
process.env.COMMUNITY_CHEST_ADDRESS = '전북특별자치도 전주시 완산구 노송광장로 10';
// The api runs on the real clock: donations are made today, so the receipt is this Seoul year's.
const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear();
const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Issue 16 item 1 end to end over HTTP: a verified person with two accounts gives from both,
 * asks for the tax receipt with consent, and gets one receipt whose PDF carries every field of
 * the form (소득세법 시행규칙 별지 제45호의2서식); the NTS yearly file validates against its
 * layout; reissue and cancellation are events.
 */
describe('tax receipts over HTTP', () => {
  let app: NestFastifyApplication;
  const person = `subject-${randomUUID()}`;
  let tokens: Record<'phone' | 'laptop' | 'stranger' | 'staff', string>;

  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: object, key?: string) =>
    app.inject({
      method,
      url,
      payload,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(key && { 'idempotency-key': key }) },
    });
  const token = async (subject: string, role: string) =>
    (await app.inject({ method: 'POST', url: '/dev/tokens', payload: { subject, role } })).json<{ token: string }>().token;
  const donate = async (who: string, amount: number, key: string) => {
    const made = await call(
      'POST',
      '/donations',
      who,
      { amount, reportedCashback: 50_000, cashbackMonth: `${today.slice(0, 7)}`, cardReference: '9410123456784321' },
      key,
    );
    expect(made.json()).toMatchObject({ replayed: false });
  };

  beforeAll(async () => {
    app = await createApiApp(ApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    tokens = {
      phone: await token('tax-phone', 'citizen'),
      laptop: await token('tax-laptop', 'citizen'),
      stranger: await token('tax-stranger', 'citizen'),
      staff: await token('staff-1', 'staff'),
    };
    // Both accounts verified as the same person (as libs/identity records a PortOne verification).
    for (const userId of ['tax-phone', 'tax-laptop']) {
      await app.get(EventStore).append(
        [
          {
            streamId: `verified-identity-${userId}`,
            expectedVersion: 'any',
            events: [
              {
                type: 'IdentityVerified',
                data: {
                  userId,
                  personId: person,
                  verificationId: `iv-${userId}`,
                  provider: 'portone',
                  sealed: 'pd1.x',
                  verifiedAt: new Date().toISOString(),
                  boundAt: new Date().toISOString(),
                },
              },
            ],
          },
        ],
        metadataFor(),
      );
    }
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  it('puts both accounts of one person on one receipt, asked for with consent, and prints every field of the form in the PDF', async () => {
    await donate(tokens.phone, 12_000, 'tax-donation-1');
    await donate(tokens.laptop, 30_500, 'tax-donation-2');

    expect((await call('POST', '/me/donation-receipts', tokens.phone, { year })).json()).toMatchObject({
      code: 'idempotency_key_required',
    });
    expect((await call('POST', '/me/donation-receipts', tokens.phone, { year }, 'tax-receipt-ask-1')).json()).toMatchObject({
      status: 422,
      code: 'tax_identity_required',
    });
    const identity = { agreed: true, legalName: '홍길동', residentRegistrationNumber: '900101-1234567', address: '전주시 완산구 효자동 1' };
    expect(
      (
        await call(
          'POST',
          '/me/donation-receipts',
          tokens.phone,
          { year, taxIdentity: { ...identity, agreed: false } },
          'tax-receipt-ask-2',
        )
      ).json(),
    ).toMatchObject({
      code: 'consent_required',
    });
    expect(
      (
        await call(
          'POST',
          '/me/donation-receipts',
          tokens.phone,
          { year, taxIdentity: { ...identity, residentRegistrationNumber: '901301-1234567' } },
          'tax-receipt-ask-3',
        )
      ).json(),
    ).toMatchObject({ status: 400, code: 'invalid_resident_registration_number' });

    const asked = await call('POST', '/me/donation-receipts', tokens.phone, { year, taxIdentity: identity }, 'tax-receipt-ask-4');
    expect(asked.statusCode).toBe(200);
    const { receipt, position } = asked.json<{ receipt: { receiptId: string; number: number; total: number }; position: string }>();
    expect(receipt).toMatchObject({ total: 42_500 });
    // The same key and body: the first answer again, nothing recorded twice.
    expect(
      (await call('POST', '/me/donation-receipts', tokens.phone, { year, taxIdentity: identity }, 'tax-receipt-ask-4')).json(),
    ).toMatchObject({
      receipt,
      replayed: true,
    });
    expect((await app.get(EventStore).readStream(`donor-tax-identity-${person}`)).events).toHaveLength(1);
    // Asked again: everything is on a receipt already.
    expect((await call('POST', '/me/donation-receipts', tokens.phone, { year }, 'tax-receipt-ask-5')).json()).toMatchObject({
      receipt: null,
    });

    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
    const json = await call('GET', `/donation-receipts/${receipt.receiptId}?after=${position}`, tokens.phone);
    expect(json.json()).toMatchObject({
      total: 42_500,
      maskedRrn: '900101-1******',
      typeCode: '10',
      items: [{ amount: 12_000 }, { amount: 30_500 }],
    });
    expect(json.body).not.toContain('1234567');
    expect((await call('GET', `/donation-receipts/${receipt.receiptId}`, tokens.stranger)).statusCode).toBe(404);

    const pdf = await call('GET', `/donation-receipts/${receipt.receiptId}?format=pdf`, tokens.phone);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(pdf.rawPayload);
    const receiptNumber = `${year}-${String(receipt.number).padStart(6, '0')}`;
    for (const field of [
      '소득세법 시행규칙 [별지 제45호의2서식]',
      '기부금 영수증',
      `일련번호 ${receiptNumber}`,
      '① 기부자',
      '홍길동',
      '900101-1******',
      '전주시 완산구 효자동 1',
      '② 기부금 단체',
      '사회복지공동모금회',
      '123-82-00457',
      '전북특별자치도 전주시 완산구 노송광장로 10',
      '사회복지공동모금회법',
      '③ 기부금 모집처',
      '④ 기부내용',
      '금전',
      today,
      '12,000 원',
      '30,500 원',
      '42,500 원',
      '위와 같이 기부금을 기부하였음을 증명합니다.',
      `발급일 ${today}`,
    ])
      expect(text).toContain(field);
    expect(text).toMatch(/\b10\b/);
    expect(text).not.toContain('1234567');

    // Neither the log nor the read model holds the number or the name in clear.
    const [{ n }] = await app
      .get(DataSource)
      .query<{ n: number }[]>(
        `SELECT (SELECT count(*) FROM events WHERE data::text ~ '1234567|홍길동') + (SELECT count(*) FROM donation_receipts WHERE row_to_json(donation_receipts)::text ~ '1234567|홍길동') AS n`,
      );
    expect(Number(n)).toBe(0);

    const html = await call('GET', `/donation-receipts/${receipt.receiptId}?format=html`, tokens.phone);
    expect(html.body).toContain('900101-1******');
    expect(html.body).toContain('123-82-00457');
  });

  it("writes the year's NTS file that validates against its documented layout, and records reissue and cancellation as events", async () => {
    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
    expect((await call('GET', `/donation-receipts/nts-file?year=${year}`, tokens.phone)).statusCode).toBe(403);
    const file = await call('GET', `/donation-receipts/nts-file?year=${year}`, tokens.staff);
    expect(file.statusCode).toBe(200);
    const records = validateNtsBulkFile(file.rawPayload);
    expect(records.map((r) => r.type).join('')).toBe('ABCCZ');
    expect(records[0].fields).toMatchObject({ year: String(year), bodyNumber: '1238200457', bodyName: '사회복지공동모금회' });
    expect(records[1].fields).toMatchObject({
      donorRrn: '9001011234567',
      donorName: '홍길동',
      typeCode: '10',
      itemCount: '00002',
      total: '0000000042500',
    });
    expect(records[4].fields).toMatchObject({ receiptCount: '0000001', itemCount: '000000002', total: '000000000042500' });
    const receiptId = (await call('GET', '/me/donation-receipts', tokens.phone)).json<{ receiptId: string }[]>()[0].receiptId;

    const reissued = await call('POST', `/donation-receipts/${receiptId}/reissue`, tokens.phone, { reason: 'lost the print' });
    expect(reissued.statusCode).toBe(200);
    expect((await call('POST', `/donation-receipts/${receiptId}/cancel`, tokens.phone, { reason: 'x' })).statusCode).toBe(403);
    const cancelled = await call('POST', `/donation-receipts/${receiptId}/cancel`, tokens.staff, { reason: 'issued to the wrong year' });
    expect(cancelled.statusCode).toBe(200);
    const events = (await app.get(EventStore).readStream(`donation-receipts-person-${person}`)).events.map((e) => e.type);
    expect(events).toEqual(['DonationReceiptIssued', 'DonationReceiptReissued', 'DonationReceiptCancelled']);

    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
    expect(
      validateNtsBulkFile((await call('GET', `/donation-receipts/nts-file?year=${year}`, tokens.staff)).rawPayload)
        .map((r) => r.type)
        .join(''),
    ).toBe('AZ');
    const pdf = await pdfText((await call('GET', `/donation-receipts/${receiptId}?format=pdf`, tokens.phone)).rawPayload);
    expect(pdf).toContain('취소된 영수증');
    // The cancelled receipt's donations go on the next one, under a new number: here the
    // year-end staff run, which issues a person with a tax identity their tax receipt.
    const run = await call('POST', '/donation-receipts/runs', tokens.staff, { year });
    const issued = run.json<{ issued: { receiptId: string; number: number; total: number }[] }>();
    expect(issued.issued).toHaveLength(1);
    expect(issued.issued[0]).toMatchObject({ total: 42_500 });
    await app.get(Subscriptions).catchUpCompletely(DONATION_LEDGER);
    const rerun = await call('GET', `/donation-receipts/${issued.issued[0].receiptId}`, tokens.staff);
    expect(rerun.json()).toMatchObject({
      maskedRrn: '900101-1******',
      status: 'issued',
      items: [{ account: 'tax-phone' }, { account: 'tax-laptop' }],
    });
    expect((await call('POST', '/me/donation-receipts', tokens.laptop, { year }, 'tax-receipt-ask-6')).json()).toMatchObject({
      receipt: null,
    });
  });
});
