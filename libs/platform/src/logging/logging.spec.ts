import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp, { type Options } from 'pino-http';
import { loadAppConfig } from '../config/app-config';
import { loggerParams } from './logging.module';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('request logs', () => {
  const { lines, stream } = capture();
  const options = loggerParams(loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info' }), stream).pinoHttp as Options;
  const logger = pinoHttp(options);
  const server = (req: IncomingMessage, res: ServerResponse) => {
    logger(req, res);
    req.resume();
    req.on('end', () => res.end('{}'));
  };

  let http: Server;
  let base: string;

  beforeAll(async () => {
    http = createServer(server);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => http.close(resolve)));

  const request = async (method: string, url: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetch(base + url, {
      method,
      headers: body ? { ...headers, 'content-type': 'application/json' } : headers,
      body: body ? JSON.stringify(body) : undefined,
    });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 10));
    return response;
  };

  beforeEach(() => (lines.length = 0));

  it('carry the correlation id, echo it, and leave out bodies, query strings and credentials', async () => {
    const response = await request(
      'POST',
      '/participants?phone=01012345678',
      { authorization: 'Bearer secret-token', 'x-correlation-id': 'corr-1', cookie: 'sid=1' },
      { name: '홍길동', phone: '010-1234-5678' },
    );
    expect(response.headers.get('x-correlation-id')).toBe('corr-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      correlationId: 'corr-1',
      req: { id: 'corr-1', method: 'POST', path: '/participants' },
      res: { statusCode: 200 },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['01012345678', '010-1234-5678', '홍길동', 'secret-token', 'sid=1']) {
      expect(text).not.toContain(secret);
    }
  });

  it('make up a correlation id when none (or a malformed one) is given', async () => {
    const response = await request('GET', '/x', { 'x-correlation-id': '<script>' });
    expect(response.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('skip probes and scrapes', async () => {
    for (const url of ['/health', '/ready', '/metrics?x=1']) await request('GET', url);
    expect(lines).toHaveLength(0);
  });
});

describe('request logs above info', () => {
  it('write no line for an answered request, and still one for a failed one', async () => {
    const { lines, stream } = capture();
    const logger = pinoHttp(loggerParams(loadAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn' }), stream).pinoHttp as Options);
    const http = createServer((req, res) => {
      logger(req, res);
      res.statusCode = req.url === '/broken' ? 500 : 200;
      res.end('{}');
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
      for (const url of ['/fine', '/broken']) await (await fetch(base + url)).text();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lines).toEqual([
        expect.objectContaining({ level: 50, req: expect.objectContaining({ path: '/broken' }), res: { statusCode: 500 } }),
      ]);
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
