import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { addDays, seoulDate } from '@goodpay/shared';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { aBusinessRegistrationNumber } from '../../../libs/merchant/src/test/business-registration-numbers';
import { confirmPayment } from '../../support/platform-payments';
import { newSigningKey, type RunningOidcProvider, startOidcProvider } from '../../support/oidc/oidc-provider';
import { eventually, REPO_ROOT } from '../../support/processes';
import { freePort } from '../../support/system';
import { ShiftedSystem } from '../raffle/support/shifted-system';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(REPO_ROOT, 'test-artifacts/console');
const CONSENT = { version: 'raffle-consent-2025-01', purpose: true, itemsCollected: true, retentionPeriod: true, rightToRefuse: true };
const LOTTO = ['3', '11', '19', '27', '38', '44', '7'];

/** The first Lotto 6/45 draw dated after `date` (draw 1 on 2002-12-07, weekly). */
const lottoDrawAfter = (date: string) => Math.floor((Date.parse(date) - Date.parse('2002-12-07')) / (7 * 86_400_000)) + 2;

/**
 * Issue 17: the staff console in Debian's Chromium (driven by playwright-core, no browser
 * download), against the api and worker processes: staff sign in with a development token,
 * approve a shop, review a receipt photo with the keyboard, resend a failed message, check the
 * invariants and run a draw. Every page is photographed into test-artifacts/console/.
 *
 * The raffle round is tomorrow (its randomness must be declared before it opens): the
 * processes' clock moves a day ahead for the round, and one more for the draw.
 */
describe('e2e: the staff console in a browser, against the api and worker', () => {
  let consoleDir: string;
  let profileDir: string;
  let system: ShiftedSystem;
  let provider: RunningOidcProvider;
  let browser: BrowserContext;
  let page: Page;
  const today = seoulDate(new Date().toISOString());
  const roundDay = addDays(today, 1);
  const suffix = randomUUID().slice(0, 6);
  const ids = { campaign: '', pendingShop: '', receipt: '', failedNotification: '', noodles: '', cafe: '' };
  const pendingShopName = `한옥 국수 ${suffix}`;

  type Call = Parameters<ShiftedSystem['request']>[2];
  const send = (method: string, path: string, options: Call = {}) => system.request(method, path, options);
  const create = async (path: string, token: string, body: unknown) => {
    const answer = await send('POST', path, { token, body, idempotencyKey: randomUUID() });
    if (answer.status !== 201) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  /** Tokens issued at the processes' current time (they live 12 hours): forgotten when the clock moves. */
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (subject: string, role: 'staff' | 'citizen' | 'merchant') => {
    if (!tokens.has(subject)) tokens.set(subject, system.freshToken(subject, role));
    return tokens.get(subject)!;
  };
  const moveTo = (days: number) => {
    system.setDaysAhead(days);
    tokens.clear();
  };
  const staff = () => tokenOf('staff-console-setup', 'staff');

  async function openShop(name: string, category: string, district: string, approve: boolean): Promise<string> {
    const owner = await tokenOf(`owner-${randomUUID()}`, 'merchant');
    const { merchantId } = await create('/merchants', owner, {
      name,
      category,
      district,
      businessRegistrationNumber: aBusinessRegistrationNumber(),
    });
    if (approve) expect((await send('POST', `/merchants/${merchantId}/approve`, { token: await staff() })).status).toBe(200);
    return merchantId;
  }

  async function prepay(citizenId: string, merchantId: string, amount: number): Promise<string> {
    const token = await tokenOf(citizenId, 'citizen');
    const paid = await create('/prepayments', token, {
      campaignId: ids.campaign,
      merchantId,
      amount,
      channel: 'platform',
      paymentConfirmation: { provider: 'toss', externalReference: `pay-${randomUUID()}` },
    });
    await confirmPayment(system, await staff(), paid.prepaymentId, amount);
    return paid.prepaymentId;
  }

  /** A receipt as a phone would photograph it: drawn by the browser itself, a real PNG. */
  async function receiptPhoto(): Promise<Buffer> {
    const sketch = await browser.newPage();
    await sketch.setViewportSize({ width: 320, height: 420 });
    await sketch.setContent(
      `<body style="margin:0;font:16px sans-serif;background:#fffdf5;padding:20px">
        <h2 style="text-align:center">전주 남부시장 ${suffix}</h2><p>${roundDay} 12:31</p><hr>
        <p>비빔밥 2 ....... 24,000</p><p>선결제 상품권 ....... 96,000</p><hr><h3>합계 120,000원</h3><p>카드 승인 ${suffix}</p></body>`,
    );
    const png = await sketch.screenshot();
    await sketch.close();
    return png;
  }

  async function uploadReceipt(citizenId: string, photo: Buffer) {
    const form = new FormData();
    const fields = {
      name: '이철수',
      phone: '010-1111-0003',
      consentVersion: CONSENT.version,
      consentPurpose: 'true',
      consentItemsCollected: 'true',
      consentRetentionPeriod: 'true',
      consentRightToRefuse: 'true',
      amount: '120000',
      shopName: `전주 남부시장 ${suffix}`,
      paidOn: roundDay,
    };
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('photo', new Blob([photo]), 'receipt.png');
    const response = await fetch(`${system.baseUrl}/campaigns/${ids.campaign}/raffle/certifications/receipts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(citizenId, 'citizen')}`, 'idempotency-key': randomUUID() },
      body: form,
    });
    const body = (await response.json()) as any;
    if (response.status !== 201) throw new Error(`receipt: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }

  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
  const go = async (menu: string) => {
    await page.getByRole('navigation', { name: '메뉴' }).getByRole('link', { name: menu }).click();
    await page.getByRole('heading', { level: 1, name: menu }).waitFor();
  };
  async function signIn(subject: string) {
    await page.goto(`${system.baseUrl}/console/`);
    // Whatever an earlier step left, start signed out (the session lives in sessionStorage).
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await page.getByLabel('운영자 아이디').fill(subject);
    await page.getByRole('button', { name: '개발 토큰으로 로그인' }).click();
    await page.getByRole('heading', { level: 1, name: '캠페인 현황' }).waitFor();
  }

  beforeAll(async () => {
    consoleDir = await mkdtemp(join(tmpdir(), 'goodpay-console-'));
    profileDir = await mkdtemp(join(tmpdir(), 'goodpay-chromium-'));
    await mkdir(ARTIFACTS, { recursive: true });
    // A real OpenID provider the console signs staff in at (code flow with PKCE, its login page).
    const port = await freePort();
    provider = await startOidcProvider({
      clients: [],
      audiences: ['https://api.goodpay.test'],
      keys: [newSigningKey('RS256')],
      publicClients: [{ client_id: 'goodpay-console', redirect_uris: [`http://127.0.0.1:${port}/console/`], roles: ['campaign-staff'] }],
    });
    system = new ShiftedSystem({
      PORT: String(port),
      OIDC_ISSUER: provider.issuer,
      OIDC_AUDIENCE: 'https://api.goodpay.test',
      OIDC_ROLE_CLAIM: 'goodpay_roles',
      OIDC_ROLE_VALUES: 'staff=campaign-staff',
      CONSOLE_OIDC_CLIENT_ID: 'goodpay-console',
      CONSOLE_OIDC_SCOPE: 'openid api',
      CONSOLE_DIR: consoleDir,
      RATE_LIMIT_DEFAULT: '100000/1m', // the test polls the failed list every 50 ms
      // The processes' clock runs up to two days ahead of PostgreSQL's, which stamps the events.
      NOTIFICATION_PLAN_WITHIN_HOURS: '72',
    });
    // The console as `npm run build` builds it, into a folder of this test's own.
    const built = promisify(execFile)(
      process.execPath,
      [resolve(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, CONSOLE_OUT_DIR: consoleDir },
      },
    );
    // The console builds and the browser starts while the api and worker do.
    [browser] = await Promise.all([
      chromium.launchPersistentContext(profileDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        viewport: { width: 1366, height: 768 }, // a laptop screen
        locale: 'ko-KR',
        timezoneId: 'Asia/Seoul',
      }),
      system.start(),
      built,
    ]);
    // Nothing leaves this machine (the provider's login page imports a web font): refused at once.
    await browser.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
    page = browser.pages()[0] ?? (await browser.newPage());

    // Before the round opens: the campaign, its round tomorrow, the round's Lotto draw declared.
    const campaign = await create('/campaigns', await staff(), {
      name: `전북 착한 선결제 ${suffix}`,
      region: { kind: 'province', name: 'Jeonbuk' },
      startsOn: today,
      endsOn: addDays(today, 40),
      raffle: {
        minimumCertifiedAmount: 100_000,
        prize: 20_000,
        budget: 40_000,
        rounds: [{ number: 1, startsOn: roundDay, endsOn: roundDay }],
      },
      participationTarget: { participants: 10, amount: 2_000_000 },
    });
    ids.campaign = campaign.campaignId;
    const declared = await send('POST', `/campaigns/${ids.campaign}/raffle/rounds/1/randomness`, {
      token: await staff(),
      body: { sources: [{ kind: 'lotto645', drawNumber: lottoDrawAfter(addDays(roundDay, 1)) }] },
    });
    expect(declared.status).toBe(200);

    ids.noodles = await openShop(`전주 비빔밥 ${suffix}`, 'restaurant', 'Wansan-gu', true);
    ids.cafe = await openShop(`덕진 카페 ${suffix}`, 'cafe', 'Deokjin-gu', true);
    ids.pendingShop = await openShop(pendingShopName, 'restaurant', 'Deokjin-gu', false);
    await prepay(`citizen-d-${suffix}`, ids.cafe, 200_000); // today: the dashboard has two days to show
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await provider?.stop();
    await Promise.all([consoleDir, profileDir].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('serves the built console at /console and tells it how staff sign in', async () => {
    const settings = await send('GET', '/console-settings');
    expect(settings).toMatchObject({
      status: 200,
      body: { openId: { issuer: provider.issuer, clientId: 'goodpay-console', scope: 'openid api' }, developmentTokens: true },
    });
    const index = await fetch(`${system.baseUrl}/console/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root"></div>');
  });

  it('staff sign in at the OpenID provider (authorization code with PKCE) and the api takes its access token', async () => {
    await page.goto(`${system.baseUrl}/console/`);
    await page.getByRole('button', { name: '기관 계정으로 로그인' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill('staff-oidc');
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click(); // the provider's consent page
    await page.getByRole('heading', { level: 1, name: '캠페인 현황' }).waitFor();
    await page.getByText('staff-oidc (기관 계정)').waitFor();
    expect(new URL(page.url()).search).toBe(''); // the code is gone from the address bar
    await shot('00-signed-in-with-openid');
    // A staff-only list: the api took the provider's access token and its role claim.
    await go('가맹점 신청');
    await page.getByRole('rowheader', { name: pendingShopName }).waitFor();
    await page.getByRole('button', { name: '로그아웃' }).click();
  });

  describe("on the round's day, then after it", () => {
    beforeAll(async () => {
      // The round's day: prepayments, certifications, a receipt photo and an e-mail that fails.
      moveTo(1);
      const entrant = `citizen-a-${suffix}`;
      const prepaymentId = await prepay(entrant, ids.noodles, 300_000);
      await create(`/campaigns/${ids.campaign}/raffle/certifications`, await tokenOf(entrant, 'citizen'), {
        name: '홍길동',
        phone: '010-1111-0001',
        consent: CONSENT,
        prepaymentId,
      });
      const mailer = `citizen-b-${suffix}`;
      expect(
        (await send('PUT', '/me/contact', { token: await tokenOf(mailer, 'citizen'), body: { email: `${mailer}@example.kr` } })).status,
      ).toBe(200);
      await system.sql(
        `INSERT INTO notification_channel_faults (channel, remaining, kind) VALUES ('email', 1, 'permanent')
       ON CONFLICT (channel) DO UPDATE SET remaining = EXCLUDED.remaining, kind = EXCLUDED.kind`,
      );
      await prepay(mailer, ids.cafe, 150_000);
      await create(`/campaigns/${ids.campaign}/raffle/vouchers`, await staff(), {
        vouchers: ['ONNURI-0001', 'ONNURI-0002'].map((code) => ({ kind: 'code', code: `${code}-${suffix}` })),
      });
      ids.receipt = (await uploadReceipt(`citizen-c-${suffix}`, await receiptPhoto())).certificationId;
      await eventually(async () => {
        const failed = await send('GET', '/notifications/failed', { token: await staff() });
        ids.failedNotification = failed.body.items?.[0]?.notificationId ?? '';
        return ids.failedNotification !== '';
      }, 'the e-mail to the second citizen has failed');
    }, 60_000);

    it('staff sign in with a development token and see the campaign against its target, by category and district', async () => {
      await signIn('staff-console');
      await page.getByLabel('캠페인').selectOption({ label: `전북 착한 선결제 ${suffix}` });
      const figures = page.getByRole('region', { name: '목표 대비' });
      await figures.getByText('650,000원').first().waitFor(); // 200,000 + 300,000 + 150,000 prepaid
      await expect(figures.getByText('3명', { exact: true }).count()).resolves.toBe(1);
      await page.getByRole('meter', { name: '참여자 목표 달성률' }).waitFor();
      await page.getByRole('region', { name: '날짜별 추이' }).waitFor();
      await page.getByRole('region', { name: '업종별' }).getByRole('rowheader', { name: '카페' }).waitFor();
      await page.getByRole('region', { name: '지역(구)별' }).getByRole('rowheader', { name: 'Wansan-gu' }).waitFor();
      await shot('01-dashboard');
    });

    it('approves a shop that applied', async () => {
      await go('가맹점 신청');
      await page.getByRole('rowheader', { name: pendingShopName }).waitFor();
      await shot('02-merchants');
      await page.getByRole('button', { name: `${pendingShopName} 승인` }).click();
      await page.getByRole('status').getByText(`${pendingShopName}: 승인 완료`).waitFor();
      await page.getByText('해당 상태의 가맹점이 없습니다.').waitFor(); // read at the approval's position: gone from the queue
      const shop = await send('GET', `/merchants/${ids.pendingShop}`, { token: await staff() });
      expect(shop.body).toMatchObject({ status: 'approved' });
    });

    it('reviews a receipt photo beside the claimed amount, shop and date, and approves it with the keyboard', async () => {
      await go('인증 심사');
      const review = page.getByRole('region', { name: '영수증 심사' });
      await review.getByRole('img', { name: /영수증 사진/ }).waitFor();
      expect(await review.getByRole('img').evaluate((img: any) => img.naturalWidth)).toBe(320);
      await review.getByText('120,000원').waitFor();
      await review.getByText(`전주 남부시장 ${suffix}`).waitFor();
      await review.getByText(roundDay).waitFor();
      await review.getByText('이*수').waitFor();
      await shot('03-certifications');
      await page.keyboard.press('a');
      await page
        .getByRole('status')
        .getByText(/승인 완료/)
        .waitFor();
      await page.getByText('심사할 영수증이 없습니다.').waitFor();
      const certification = await send('GET', `/raffle/certifications/${ids.receipt}`, { token: await staff() });
      expect(certification.body).toMatchObject({ status: 'approved', entryId: expect.any(String) });
    });

    it('resends a failed message', async () => {
      await go('실패한 알림');
      await page.getByRole('cell', { name: /recipient_rejected/ }).waitFor();
      await shot('04-messages');
      await page
        .getByRole('button', { name: /다시 보내기$/ })
        .first()
        .click();
      await page.getByRole('status').getByText('다시 보내기를 요청했습니다').waitFor();
      await eventually(async () => {
        const [row] = await system.sql(`SELECT status FROM notifications WHERE notification_id = $1`, [ids.failedNotification]);
        return row.status === 'sent';
      }, 'the resent e-mail is sent');
    });

    it('shows settlements, donations and a clean invariant check', async () => {
      await go('정산·지급');
      await page.getByRole('heading', { name: '일자별 대사' }).waitFor();
      await page.getByText(/^맞음/).waitFor();
      await shot('05-settlements');
      await go('기부·영수증');
      await page.getByRole('heading', { name: '공동모금 (사랑의 열매) 계정' }).waitFor();
      await page.getByText(/^합계 0원/).waitFor(); // no donations in this campaign's year yet
      await page.getByRole('navigation', { name: '계정 내역 페이지' }).waitFor(); // the chest's book has loaded
      await shot('06-donations');
      await go('정합성 점검');
      await page.getByRole('button', { name: '정합성 점검 실행' }).click();
      await page.getByRole('heading', { name: '이상 없음' }).waitFor();
      await shot('07-invariants');
    });

    it('after the round: freezes the entry list, runs the draw and shows the winners masked', async () => {
      moveTo(2); // the round is over; yesterday's token has expired: sign in again
      await page.getByRole('button', { name: '로그아웃' }).click();
      await signIn('staff-console');
      await go('추첨 회차');
      const state = page.getByRole('heading', { name: /^상태:/ });
      await state.waitFor();
      if ((await state.textContent())?.includes('접수 중')) {
        await page.getByRole('button', { name: '명단 동결' }).click();
      }
      await state.getByText('명단 동결').waitFor();
      await page.getByText('동결 명단: 2명').waitFor();
      await page.getByLabel(/로또 6\/45 제\d+회/).fill(LOTTO.join(' '));
      await page.getByRole('button', { name: '추첨 실행' }).click();
      await state.getByText('추첨 완료').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '경품 배정·미확인 몰수 처리' }).click();
      const winners = page.getByRole('region', { name: '당첨자 (이름 가림)' });
      await winners.getByRole('rowheader').first().waitFor();
      const names = await winners.getByRole('rowheader').allTextContents();
      expect(names.length).toBe(2);
      for (const name of names) expect(name).toMatch(/^.\*.$/); // 홍*동, 이*수
      await shot('08-rounds');
      const round = await send('GET', `/campaigns/${ids.campaign}/raffle/rounds/1`);
      expect(round.body).toMatchObject({ status: 'drawn' });
    });
  });
});
