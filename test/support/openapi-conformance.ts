import { appendFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Every answer a test receives, held to the api's own OpenAPI document: its status must be one
 * the operation declares, and its body must match the schema declared for that status and media
 * type (problem+json with a listed `code` for errors). A mismatch fails the request that met it,
 * naming the operation, the status and what is missing, so whoever changed a route knows which
 * decorator to add (@Answers, @Problems, @NotFound in apps/api/src/openapi/answers.ts).
 *
 * OPENAPI_MISMATCHES_FILE=<path> turns failing into noting: each mismatch is appended to the file
 * as a line of JSON and the test goes on (to list all of them in one run).
 */

export interface OpenApiDocumentLike {
  paths: Record<string, Record<string, OperationLike>>;
  components?: { schemas?: Record<string, unknown> };
}

interface OperationLike {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

export interface ReceivedAnswer {
  method: string;
  /** The URL as requested: path and query. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The parsed JSON body; undefined for an empty or non-JSON body. */
  body: unknown;
}

/** Routes left out of the document on purpose: metrics, the queue board, the document itself. */
const UNDOCUMENTED = [/^\/metrics$/, /^\/admin\/queues(\/|$)/i, /^\/docs(-json|-yaml)?(\/|$)/, /^\/console(\/|$)/];

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments count first: /merchants/mine before /merchants/{id}. */
  literals: number;
  operation: OperationLike;
}

export class OpenApiConformance {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly validators = new Map<object, ValidateFunction>();

  constructor(document: OpenApiDocumentLike) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const format of ['binary', 'int32', 'int64', 'float', 'double']) this.ajv.addFormat(format, true);
    this.ajv.addSchema(rewriteRefs({ $id: 'openapi', components: document.components ?? {} }) as object);
    this.routes = Object.entries(document.paths)
      .flatMap(([template, item]) =>
        Object.entries(item)
          .filter(([method]) => METHODS.has(method))
          .map(([method, operation]) => ({
            method: method.toUpperCase(),
            template,
            pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}|\{[^}]+\}/g, '[^/]+')}$`),
            literals: template.split('/').filter((segment) => segment && !segment.startsWith('{')).length,
            operation,
          })),
      )
      .sort((a, b) => b.literals - a.literals);
  }

  /** What keeps `answer` from matching the document: empty when it matches. */
  mismatches(answer: ReceivedAnswer): string[] {
    const path = answer.url.split(/[?#]/)[0] ?? '';
    const method = answer.method.toUpperCase();
    const route = this.routes.find((candidate) => candidate.method === method && candidate.pattern.test(safeDecode(path)));
    const mediaType = answer.contentType?.split(';')[0]?.trim().toLowerCase();
    if (!route) {
      if (UNDOCUMENTED.some((pattern) => pattern.test(path))) return [];
      // A path no operation has: only a refusal in the shared problem shape may answer it.
      if (answer.status >= 400 && mediaType === 'application/problem+json')
        return this.schemaErrors({ $ref: 'openapi#/components/schemas/Problem' }, answer.body);
      return [`${method} ${path} answered ${answer.status}, but no operation in the OpenAPI document has this method and path`];
    }
    const name = `${route.operation.operationId ?? '(no operationId)'} (${method} ${route.template})`;
    const declared = route.operation.responses?.[String(answer.status)] ?? route.operation.responses?.default;
    if (!declared) {
      const code = (answer.body as { code?: unknown } | undefined)?.code;
      return [
        `${name} answered ${answer.status}${code ? ` ${String(code)}` : ''}, which its OpenAPI responses do not declare (declared: ${Object.keys(route.operation.responses ?? {}).join(', ')})`,
      ];
    }
    if (!declared.content)
      return answer.body === undefined || answer.status === 204 ? [] : [`${name} ${answer.status} declares no body but got one`];
    if (!mediaType || !declared.content[mediaType]) {
      return [
        `${name} ${answer.status} answered ${mediaType ?? 'no content type'}, but declares only ${Object.keys(declared.content).join(', ')}`,
      ];
    }
    const schema = declared.content[mediaType]!.schema;
    if (!schema || !/json/.test(mediaType)) return [];
    return this.schemaErrors(schema, answer.body).map((error) => `${name} ${answer.status} body ${error}`);
  }

  /** Throws (or notes, see above) when `answer` does not match the document. */
  check(answer: ReceivedAnswer): void {
    const problems = this.mismatches(answer);
    if (problems.length === 0) return;
    const file = process.env.OPENAPI_MISMATCHES_FILE;
    if (file) {
      for (const problem of problems) appendFileSync(file, `${JSON.stringify({ problem, body: answer.body })}\n`);
      return;
    }
    throw new Error(
      `the answer does not match the OpenAPI document (declare it on the route: @Answers / @Problems in apps/api/src/openapi/answers.ts):\n  ` +
        `${problems.join('\n  ')}\n  body: ${JSON.stringify(answer.body)?.slice(0, 600)}`,
    );
  }

  private schemaErrors(schema: unknown, body: unknown): string[] {
    let validate = this.validators.get(schema as object);
    if (!validate) {
      validate = this.ajv.compile(rewriteRefs(schema) as object);
      this.validators.set(schema as object, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(root)'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
  }
}

/**
 * An OpenAPI 3.0 schema as JSON Schema for Ajv: `#/components/...` points into the document
 * (registered as `openapi`), and `nullable: true` beside no `type` or beside `allOf` (what
 * @nestjs/swagger writes for a nullable nested DTO) becomes "that, or null".
 */
function rewriteRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (schema && typeof schema === 'object') {
    const rewritten = Object.fromEntries(
      Object.entries(schema).map(([key, value]) => [
        key,
        key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `openapi${value}` : rewriteRefs(value),
      ]),
    );
    const composed = ['allOf', 'anyOf', 'oneOf', '$ref'].some((key) => key in rewritten);
    if (rewritten.nullable === true && (rewritten.type === undefined || composed)) {
      const { nullable: _nullable, ...rest } = rewritten;
      return { anyOf: [rest, { type: 'null' }] };
    }
    return rewritten;
  }
  return schema;
}

function safeDecode(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

/** The parsed JSON of a body text, undefined when it is empty or not JSON. */
export function jsonOf(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

interface InjectingApp {
  inject: (...args: any[]) => any;
}

interface NestLikeApp {
  getHttpAdapter(): { getInstance(): InjectingApp };
}

/**
 * Holds every answer `app.inject({...})` gives to the app's own document (/docs-json, read once
 * from an address of its own so it spends no caller's rate limit). For in-process apps: the
 * Fastify instance's inject is wrapped, which the Nest app's inject calls.
 */
export function checkAnswersOf<App extends NestLikeApp>(app: App): App {
  const fastify = app.getHttpAdapter().getInstance();
  const inject = fastify.inject.bind(fastify);
  let conformance: Promise<OpenApiConformance> | undefined;
  const documented = () =>
    (conformance ??= Promise.resolve(inject({ method: 'GET', url: '/docs-json', remoteAddress: '192.0.2.1' })).then(
      (response: { json(): OpenApiDocumentLike }) => new OpenApiConformance(response.json()),
    ));
  fastify.inject = ((options?: { method?: string; url?: string; path?: string }) => {
    if (options === undefined || typeof options !== 'object') return inject(options);
    return Promise.resolve(inject(options)).then(
      async (response: { statusCode: number; headers: Record<string, unknown>; body: string }) => {
        const contentType = response.headers['content-type'];
        (await documented()).check({
          method: options.method ?? 'GET',
          url: options.url ?? options.path ?? '/',
          status: response.statusCode,
          contentType: typeof contentType === 'string' ? contentType : undefined,
          body: jsonOf(response.body),
        });
        return response;
      },
    );
  }) as InjectingApp['inject'];
  return app;
}
