import { OpenApiConformance, type OpenApiDocumentLike } from '../support/openapi-conformance';

/** The check every test answer goes through: what it lets pass and what it names when it does not. */
describe('holding answers to the OpenAPI document', () => {
  const problem = (codes: string[]) => ({
    content: {
      'application/problem+json': {
        schema: {
          allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { code: { type: 'string', enum: codes } } }],
        },
      },
    },
  });
  const document: OpenApiDocumentLike = {
    paths: {
      '/shops/{id}': {
        get: {
          operationId: 'getShop',
          responses: {
            '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Shop' } } } },
            '404': problem(['shop_not_found']),
          },
        },
      },
      '/shops/mine': {
        get: { operationId: 'listMyShops', responses: { '200': { content: { 'application/json': { schema: { type: 'array' } } } } } },
      },
    },
    components: {
      schemas: {
        Problem: { type: 'object', required: ['code', 'status'], properties: { code: { type: 'string' }, status: { type: 'integer' } } },
        Owner: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        Shop: {
          type: 'object',
          required: ['name', 'owner'],
          properties: {
            name: { type: 'string' },
            owner: { nullable: true, type: 'object', allOf: [{ $ref: '#/components/schemas/Owner' }] },
          },
        },
      },
    },
  };
  const conformance = new OpenApiConformance(document);
  const answer = (status: number, body: unknown, url = '/shops/8f1c', contentType = 'application/json; charset=utf-8') => ({
    method: 'GET',
    url,
    status,
    contentType,
    body,
  });

  it('lets a declared answer whose body matches pass, a nullable nested object included', () => {
    expect(conformance.mismatches(answer(200, { name: '한옥 국수', owner: { name: '홍길동' } }))).toEqual([]);
    expect(conformance.mismatches(answer(200, { name: '한옥 국수', owner: null }))).toEqual([]);
    expect(conformance.mismatches(answer(404, { code: 'shop_not_found', status: 404 }, '/shops/x', 'application/problem+json'))).toEqual(
      [],
    );
  });

  it('names the operation and the status it does not declare', () => {
    expect(conformance.mismatches(answer(409, { code: 'conflict', status: 409 }, '/shops/x', 'application/problem+json'))).toEqual([
      expect.stringContaining('getShop (GET /shops/{id}) answered 409 conflict, which its OpenAPI responses do not declare'),
    ]);
  });

  it('refuses a code the operation does not list, and a body of another shape', () => {
    expect(
      conformance.mismatches(answer(404, { code: 'merchant_not_found', status: 404 }, '/shops/x', 'application/problem+json')),
    ).toEqual([expect.stringContaining('getShop (GET /shops/{id}) 404 body /code must be equal to one of the allowed values')]);
    expect(conformance.mismatches(answer(200, { name: 42 }))).toEqual(
      expect.arrayContaining([
        expect.stringContaining("must have required property 'owner'"),
        expect.stringContaining('/name must be string'),
      ]),
    );
    expect(conformance.mismatches(answer(200, 'text', '/shops/x', 'text/html'))).toEqual([
      expect.stringContaining('answered text/html, but declares only application/json'),
    ]);
  });

  it('matches a literal path before a template, and refuses a success on a path no operation has', () => {
    expect(conformance.mismatches(answer(200, [], '/shops/mine'))).toEqual([]);
    expect(conformance.mismatches(answer(200, {}, '/nowhere'))).toEqual([expect.stringContaining('no operation in the OpenAPI document')]);
  });
});
