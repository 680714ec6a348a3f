import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_DOCUMENT_FILE, API_SCHEMA_FILE, documentOfTheApi } from '../support/api-document';

/**
 * The api's OpenAPI document is valid OpenAPI, complete (every operation has a named, typed
 * success answer and problem+json errors), and the typed client in libs/api-client is made
 * from the document as the routes are now.
 */
describe('the OpenAPI document', () => {
  let document: OpenAPIObject;
  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      (['get', 'put', 'post', 'delete', 'patch'] as const)
        .filter((method) => item[method])
        .map((method) => ({ name: `${method.toUpperCase()} ${path}`, operation: item[method]! })),
    );

  beforeAll(async () => {
    document = await documentOfTheApi();
  });

  it('is valid OpenAPI 3 (swagger-parser validates it against the OpenAPI schema and resolves every $ref)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('names each operation once, in camelCase a client would call', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(String(id)))).toEqual([]);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    expect(ids).toEqual(expect.arrayContaining(['makePrepayment', 'redeemPrepayment', 'listMerchants', 'runSettlementDay']));
  });

  it('gives every operation a success answer with a schema or a media type, and only problem+json errors listing their codes', () => {
    const lacking = operations().flatMap(({ name, operation }) => {
      const statuses = Object.keys(operation.responses);
      const success = statuses.filter((status) => /^2/.test(status));
      const problems: string[] = [];
      if (success.length === 0) problems.push(`${name}: no success answer`);
      for (const status of success) {
        const content = (operation.responses[status] as { content?: Record<string, { schema?: unknown }> }).content;
        if (!content || Object.values(content).some((media) => !media.schema)) problems.push(`${name} ${status}: no schema`);
      }
      const codes = (operation as unknown as { 'x-problem-codes': Record<string, string[]> })['x-problem-codes'];
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const content = (operation.responses[status] as { content?: Record<string, unknown> }).content;
        if (!content?.['application/problem+json']) problems.push(`${name} ${status}: not problem+json`);
        if (!codes?.[status]?.length) problems.push(`${name} ${status}: no codes listed`);
      }
      return problems;
    });
    expect(lacking).toEqual([]);
  });

  it('asks for a token only where one is required, and for an Idempotency-Key where a command creates something', () => {
    const merchants = document.paths['/merchants']!.get!;
    expect(merchants.security).toEqual(expect.arrayContaining([{}]));
    expect(document.paths['/prepayments']!.post!.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]),
    );
    expect(document.paths['/prepayments/{id}/redemptions']!.post!.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(document.paths['/settlement-days/{day}/run']!.post!.responses)).toContain('202');
    expect(document.servers?.length).toBeGreaterThan(0);
  });

  // In a process of its own: openapi-typescript loads ES modules, which Node requires and jest's runtime does not.
  it(`is what ${API_DOCUMENT_FILE} and the client's ${API_SCHEMA_FILE} were made from (else run npm run api-client)`, async () => {
    const run = promisify(execFile)(process.execPath, ['-r', '@swc-node/register', 'scripts/api-client.ts', '--check'], {
      cwd: process.cwd(),
    });
    await expect(
      run.then(
        () => 'in step',
        (error: { stderr: string }) => error.stderr,
      ),
    ).resolves.toBe('in step');
  });
});
