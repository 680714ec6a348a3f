import { createHash } from 'node:crypto';

export interface Answer {
  status: number;
  body: any;
}

/**
 * The demo's way into the product: the public HTTP api, as any client uses it (development
 * tokens from POST /dev/tokens, so it runs only where those are on: never in production).
 */
export class DemoClient {
  private readonly tokens = new Map<string, string>();
  private tokenIssuedAt = 0;

  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: { token?: string; body?: unknown; idempotencyKey?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body };
  }

  /** `request`, refusing any status but `expected` with what the api said. */
  async expect(
    expected: number,
    method: string,
    path: string,
    options: { token?: string; body?: unknown; idempotencyKey?: string } = {},
  ): Promise<any> {
    const answer = await this.request(method, path, options);
    if (answer.status !== expected) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /**
   * A create command under an idempotency key derived from `step`: running the demo again
   * replays what it already did instead of doing it twice.
   */
  create(path: string, token: string, body: unknown, step: string): Promise<any> {
    const idempotencyKey = `demo-${createHash('sha256').update(step).digest('hex').slice(0, 32)}`;
    return this.expect(201, 'POST', path, { token, body, idempotencyKey });
  }

  async token(subject: string, role: 'citizen' | 'organisation' | 'merchant' | 'staff'): Promise<string> {
    const cached = this.tokens.get(`${role}:${subject}`);
    if (cached) return cached;
    const answer = await this.request('POST', '/dev/tokens', { body: { subject, role } });
    if (answer.status !== 201) {
      throw new Error(
        `the demo needs development tokens (POST /dev/tokens answered ${answer.status}): run it against npm start, never in production`,
      );
    }
    const token = answer.body.token as string;
    this.tokenIssuedAt = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')).iat;
    this.tokens.set(`${role}:${subject}`, token);
    return token;
  }

  /** The api's own today in Seoul (YYYY-MM-DD): the day of its clock, as its last token was issued. */
  async today(): Promise<string> {
    await this.token('demo-clock', 'citizen');
    return new Date(this.tokenIssuedAt * 1000 + 9 * 3_600_000).toISOString().slice(0, 10);
  }
}
