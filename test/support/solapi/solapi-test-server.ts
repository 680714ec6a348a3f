import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';

/**
 * A Solapi stand-in over real HTTP, implementing what goodpay uses of the documented API:
 * - authentication (docs.solapi.com "API Key 인증"; the official SDK's src/lib/authenticator.ts):
 *   `Authorization: HMAC-SHA256 apiKey=, date=, salt=, signature=` with signature = hex
 *   HMAC-SHA256(date + salt) under the API secret; a date off by more than 15 minutes or a
 *   salt seen before is refused; refusals are 401 `{ errorCode, errorMessage }`;
 * - `POST /messages/v4/send-many/detail` (docs: api-reference/messages/sendMany; the SDK's
 *   DetailGroupMessageResponse): `{ groupInfo, failedMessageList, messageList }`; a message it will
 *   not register (unregistered sender, unapproved Alimtalk template or wrong variables or buttons,
 *   a blocked number, SMS over 90 or LMS over 2,000 EUC-KR bytes) is in failedMessageList with a
 *   statusCode and statusMessage; an accepted one has status 2000;
 * - `GET /messages/v4/list?messageId=` (docs: api-reference/messages/getMessageList): messageList
 *   keyed by id, with the statusCode the message has reached (4000 received, or a failure code);
 * - error answers: 429 with Retry-After when throttling, 503 when down (the SDK retries 503).
 * The failure status codes are the provider's to define; the ones below stand for their kind.
 */
export const REFUSED = {
  senderNotRegistered: { statusCode: '1062', statusMessage: '발신번호 미등록' },
  templateNotApproved: { statusCode: '3024', statusMessage: '승인되지 않은 알림톡 템플릿' },
  templateMismatch: { statusCode: '3025', statusMessage: '템플릿 변수 또는 버튼이 승인된 템플릿과 다름' },
  blockedNumber: { statusCode: '3059', statusMessage: '수신 차단된 번호' },
  tooLong: { statusCode: '1030', statusMessage: '메시지 길이 초과' },
  notKakaoUser: { statusCode: '3104', statusMessage: '카카오톡을 사용하지 않는 수신자' },
} as const;

export interface ApprovedTemplate {
  variables: string[];
  buttons?: { buttonType: string; buttonName: string }[];
}

export interface ReceivedMessage {
  messageId: string;
  to: string;
  from: string;
  type: string;
  text: string;
  subject?: string;
  kakaoOptions?: { pfId: string; templateId: string; variables: Record<string, string>; disableSms: boolean; buttons?: unknown[] };
  customFields?: Record<string, string>;
  statusCode: string;
}

export class SolapiTestServer {
  readonly apiKey = `NCS${randomBytes(6).toString('hex').toUpperCase()}`;
  readonly apiSecret = randomBytes(20).toString('hex');
  readonly sender = '0212345678';
  readonly pfId = 'KA01PF2412010000000000000000test';
  /** Template code -> what Kakao approved. */
  readonly templates = new Map<string, ApprovedTemplate>();
  readonly blocked = new Set<string>();
  /** Numbers whose Alimtalk is accepted and later reported undelivered (not a KakaoTalk user). */
  readonly notKakaoUsers = new Set<string>();
  /** Every message accepted, in order. */
  readonly accepted: ReceivedMessage[] = [];
  /** Every request that reached the server (authenticated or not), by path. */
  readonly requests: { method: string; path: string; status: number }[] = [];
  down = false;
  /** How far ahead the callers' clocks run (a test that moves its processes' time moves this too). */
  clockOffsetMs = 0;
  private throttled = 0;
  private readonly salts = new Set<string>();
  private server?: Server;
  baseUrl = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `times` requests answer 429 with Retry-After: `seconds`. */
  throttle(times: number): void {
    this.throttled = times;
  }

  approve(templateId: string, template: ApprovedTemplate): void {
    this.templates.set(templateId, template);
  }

  /** Every message accepted for the same send key (notification and round): more than one is a duplicate. */
  acceptedFor(sendKey: string): ReceivedMessage[] {
    return this.accepted.filter((message) => message.customFields?.sendKey === sendKey);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.baseUrl);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      this.requests.push({ method: request.method ?? '', path: url.pathname, status });
      response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (this.down) return answer(503, { errorCode: 'ServiceUnavailable', errorMessage: '일시적으로 서비스를 이용할 수 없습니다.' });
    const refusal = this.authenticate(request.headers.authorization);
    if (refusal) return answer(401, refusal);
    if (this.throttled > 0) {
      this.throttled -= 1;
      return answer(429, { errorCode: 'TooManyRequests', errorMessage: '요청이 너무 많습니다.' }, { 'Retry-After': '1' });
    }
    if (request.method === 'POST' && url.pathname === '/messages/v4/send-many/detail') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { messages?: ReceivedMessage[]; showMessageList?: boolean };
      if (!Array.isArray(body.messages) || body.messages.length === 0) {
        return answer(400, { errorCode: 'ValidationError', errorMessage: 'messages 는 필수 항목입니다.' });
      }
      return answer(200, this.register(body.messages, body.showMessageList === true));
    }
    if (request.method === 'GET' && url.pathname === '/messages/v4/list') {
      const messageId = url.searchParams.get('messageId');
      const found = this.accepted.find((message) => message.messageId === messageId);
      const messageList = found
        ? {
            [found.messageId]: {
              messageId: found.messageId,
              statusCode: this.settle(found),
              statusMessage: '',
              dateReceived: new Date().toISOString(),
            },
          }
        : {};
      return answer(200, { startKey: null, nextKey: null, limit: 1, messageList });
    }
    return answer(404, { errorCode: 'NotFound', errorMessage: 'Not Found' });
  }

  /** A listed message's final status: what Kakao or the carrier made of it. */
  private settle(message: ReceivedMessage): string {
    if (message.statusCode === '2000')
      message.statusCode = message.type === 'ATA' && this.notKakaoUsers.has(message.to) ? REFUSED.notKakaoUser.statusCode : '4000';
    return message.statusCode;
  }

  private authenticate(header: string | undefined): { errorCode: string; errorMessage: string } | null {
    const match = /^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)$/.exec(header ?? '');
    if (!match) return { errorCode: 'InvalidAuthorizationHeader', errorMessage: 'Authorization 헤더 형식이 올바르지 않습니다.' };
    const [, apiKey, date, salt, signature] = match;
    if (apiKey !== this.apiKey) return { errorCode: 'InvalidApiKey', errorMessage: '유효하지 않은 API Key 입니다.' };
    if (Number.isNaN(Date.parse(date)) || Math.abs(Date.now() + this.clockOffsetMs - Date.parse(date)) > 15 * 60_000) {
      return { errorCode: 'RequestTimeTooSkewed', errorMessage: '요청 시간이 서버 시간과 15분 이상 차이납니다.' };
    }
    if (this.salts.has(salt)) return { errorCode: 'DuplicatedSignature', errorMessage: '이미 사용된 salt 입니다.' };
    const expected = createHmac('sha256', this.apiSecret)
      .update(date + salt)
      .digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { errorCode: 'SignatureDoesNotMatch', errorMessage: '서명이 일치하지 않습니다.' };
    }
    this.salts.add(salt);
    return null;
  }

  private register(messages: ReceivedMessage[], showMessageList: boolean) {
    const groupId = `G4V${Date.now()}${randomBytes(4).toString('hex').toUpperCase()}`;
    const failedMessageList: unknown[] = [];
    const messageList: unknown[] = [];
    for (const message of messages) {
      const messageId = `M4V${Date.now()}${randomBytes(6).toString('hex').toUpperCase()}`;
      const refused = this.refusalOf(message);
      if (refused) {
        failedMessageList.push({
          to: message.to,
          from: message.from,
          type: message.type,
          messageId,
          country: '82',
          accountId: '12925149',
          ...refused,
          customFields: message.customFields,
        });
        continue;
      }
      this.accepted.push({ ...message, messageId, statusCode: '2000' });
      messageList.push({
        messageId,
        statusCode: '2000',
        statusMessage: '정상 접수(이통사로 접수 예정) ',
        customFields: message.customFields,
      });
    }
    return {
      groupInfo: {
        _id: groupId,
        groupId,
        status: 'SENDING',
        count: { total: messages.length, registeredSuccess: messageList.length, registeredFailed: failedMessageList.length },
      },
      failedMessageList,
      ...(showMessageList ? { messageList } : {}),
    };
  }

  private refusalOf(message: ReceivedMessage) {
    if (message.from !== this.sender) return REFUSED.senderNotRegistered;
    if (this.blocked.has(message.to)) return REFUSED.blockedNumber;
    const bytes = iconv.encode(message.text ?? '', 'euc-kr').length;
    if (message.type === 'SMS' && bytes > 90) return REFUSED.tooLong;
    if (message.type === 'LMS' && (bytes > 2000 || !message.subject)) return REFUSED.tooLong;
    if (message.type === 'ATA') {
      const options = message.kakaoOptions;
      const template = options && options.pfId === this.pfId ? this.templates.get(options.templateId) : undefined;
      if (!template) return REFUSED.templateNotApproved;
      const variables = Object.keys(options!.variables ?? {}).sort();
      const expected = template.variables.map((name) => `#{${name}}`).sort();
      const buttons = JSON.stringify(options!.buttons ?? []) === JSON.stringify(template.buttons ?? []);
      if (JSON.stringify(variables) !== JSON.stringify(expected) || !buttons) return REFUSED.templateMismatch;
    }
    return null;
  }
}
