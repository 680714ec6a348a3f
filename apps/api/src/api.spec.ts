import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConflictError } from '@goodpay/shared';
import { useIsolatedEnv } from '@goodpay/platform';
import { IsInt, IsString, Min } from 'class-validator';
import { ApiModule } from './api.module';
import { createApiApp } from './bootstrap';
import { PROBLEM_TYPE_BASE } from './errors/problem';

const env = useIsolatedEnv('api');

class CreateThingDto {
  @IsString() name!: string;
  @IsInt() @Min(1) amount!: number;
}

@Controller('test')
class TestController {
  @Post('things')
  create(@Body() dto: CreateThingDto): CreateThingDto {
    return dto;
  }

  @Get('conflict')
  conflict(): never {
    throw new ConflictError('thing_taken', 'the thing is taken', { thingId: 't1' });
  }

  @Get('boom')
  boom(): never {
    throw new Error('db password is hunter2');
  }
}

@Module({ imports: [ApiModule], controllers: [TestController] })
class TestApiModule {}

describe('api', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createApiApp(TestApiModule, { shutdownHooks: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    await app?.close();
    await env.cleanup();
  });

  const expectProblem = (
    response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
    status: number,
    code: string,
  ): Record<string, unknown> => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json() as Record<string, unknown>;
    expect(body).toMatchObject({ type: `${PROBLEM_TYPE_BASE}${code}`, status, code });
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect(body.correlationId).toBe(response.headers['x-correlation-id']);
    return body;
  };

  describe('problem+json', () => {
    it('answers an unknown route with 404 not_found', async () => {
      const response = await app.inject({ method: 'GET', url: '/no/such/route?x=1' });
      const body = expectProblem(response, 404, 'not_found');
      expect(body.instance).toBe('/no/such/route?x=1');
    });

    it('answers broken JSON with 400 malformed_json', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/test/things',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": "a",',
      });
      expectProblem(response, 400, 'malformed_json');
    });

    it('answers an unknown field with 400 validation_failed naming the field', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/test/things',
        payload: { name: 'a', amount: 1, isAdmin: true },
      });
      const body = expectProblem(response, 400, 'validation_failed');
      expect(body.errors).toEqual([{ field: 'isAdmin', messages: ['property isAdmin should not exist'] }]);
    });

    it('answers a wrong type with 400 validation_failed, one entry per field', async () => {
      const response = await app.inject({ method: 'POST', url: '/test/things', payload: { name: 7, amount: 'ten' } });
      const body = expectProblem(response, 400, 'validation_failed');
      const errors = body.errors as { field: string; messages: string[] }[];
      expect(errors.map((e) => e.field).sort()).toEqual(['amount', 'name']);
      expect(errors.find((e) => e.field === 'amount')?.messages).toContain('amount must be an integer number');
    });

    it('accepts a valid body and transforms it into the DTO', async () => {
      const response = await app.inject({ method: 'POST', url: '/test/things', payload: { name: 'a', amount: 2 } });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toEqual({ name: 'a', amount: 2 });
    });

    it('carries the status, code and details of a DomainError', async () => {
      const response = await app.inject({ method: 'GET', url: '/test/conflict' });
      const body = expectProblem(response, 409, 'thing_taken');
      expect(body).toMatchObject({ detail: 'the thing is taken', thingId: 't1', instance: '/test/conflict' });
    });

    it('answers an unexpected error with 500 internal_error and leaks nothing', async () => {
      const response = await app.inject({ method: 'GET', url: '/test/boom' });
      const body = expectProblem(response, 500, 'internal_error');
      expect(response.body).not.toContain('hunter2');
      expect(response.body).not.toContain('api.spec');
      expect(body).not.toHaveProperty('stack');
    });

    it('refuses a body over 1 MiB with 413 payload_too_large', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/test/things',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024), amount: 1 }),
      });
      expectProblem(response, 413, 'payload_too_large');
    });

    it('refuses an unsupported media type with 415', async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/test/things',
        headers: { 'content-type': 'application/xml' },
        payload: '<thing/>',
      });
      expectProblem(response, 415, 'unsupported_media_type');
    });

    it('uses the caller correlation id, or makes one', async () => {
      const given = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-correlation-id': 'abc-123' } });
      expect(given.headers['x-correlation-id']).toBe('abc-123');
      expect(given.json()).toMatchObject({ correlationId: 'abc-123' });
      const made = await app.inject({ method: 'GET', url: '/health', headers: { 'x-correlation-id': 'bad id\n' } });
      expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('operations', () => {
    it('/health is 200', async () => {
      const response = await app.inject({ method: 'GET', url: '/health' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok' });
    });

    it('/ready is 200 with PostgreSQL and Redis up', async () => {
      const response = await app.inject({ method: 'GET', url: '/ready' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        status: 'ok',
        details: { postgres: { status: 'up' }, redis: { status: 'up' } },
      });
    });

    it('/metrics has process metrics and the http histogram by route pattern', async () => {
      await app.inject({ method: 'GET', url: '/test/conflict' });
      await app.inject({ method: 'GET', url: '/random/path/123' });
      const response = await app.inject({ method: 'GET', url: '/metrics' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
      expect(response.body).toContain('process_cpu_user_seconds_total');
      expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
      expect(response.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/test\/conflict",status="409"\} [1-9]/);
      expect(response.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status="404"\} [1-9]/);
      expect(response.body).not.toContain('/random/path/123');
    });

    it('/docs-json is OpenAPI 3 with the bearer scheme, and /docs serves the UI', async () => {
      const response = await app.inject({ method: 'GET', url: '/docs-json' });
      expect(response.statusCode).toBe(200);
      const document = response.json() as {
        openapi: string;
        info: { title: string };
        paths: Record<string, unknown>;
        components: { securitySchemes: Record<string, { type: string; scheme: string }> };
      };
      expect(document.openapi).toMatch(/^3\./);
      expect(document.info.title).toBe('goodpay API');
      expect(document.paths['/test/things']).toBeDefined();
      expect(document.paths['/metrics']).toBeUndefined();
      expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ui = await app.inject({ method: 'GET', url: '/docs' });
      expect(ui.statusCode).toBe(200);
      expect(ui.headers['content-type']).toMatch(/text\/html/);
    });

    it('serves the Bull Board at /admin/queues to staff', async () => {
      const staff = { authorization: `Bearer ${app.get(JwtService, { strict: false }).sign({ sub: 'api-staff', role: 'staff' })}` };
      expect((await app.inject({ method: 'GET', url: '/admin/queues' })).statusCode).toBe(401);
      const page = await app.inject({ method: 'GET', url: '/admin/queues', headers: staff });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<base href="/admin/queues/"');
      const api = await app.inject({ method: 'GET', url: '/admin/queues/api/queues', headers: staff });
      expect(api.statusCode).toBe(200);
      expect(api.json().queues.map((q: { name: string }) => q.name)).toContain('projections');
    });
  });
});
