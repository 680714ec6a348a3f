/** Just enough of OpenAPI 3 to walk the api's own document. */
export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  allOf?: SchemaObject[];
  $ref?: string;
}

interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: SchemaObject;
}

interface OperationObject {
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
  security?: unknown[];
  responses?: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

export interface Parameter {
  name: string;
  schema: SchemaObject;
}

/** One route of the api as its OpenAPI document describes it. */
export interface Operation {
  method: string;
  /** The path template: /prepayments/{id}/redemptions. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON body's schema, $refs resolved at the top. */
  body?: SchemaObject;
  /** Takes a bearer token: a bad one is refused. */
  secured: boolean;
  /** Refuses callers without a token (optionally authenticated reads list `{}` among their security requirements). */
  tokenRequired: boolean;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** `schema` with its $ref (or single allOf) followed, so its type and properties are at hand. */
export function resolve(document: OpenApiDocument, schema: SchemaObject | undefined): SchemaObject {
  if (!schema) return {};
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return resolve(document, document.components?.schemas?.[name]);
  }
  if (schema.allOf?.length === 1) return resolve(document, schema.allOf[0]);
  return schema;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => {
        const parameters = operation.parameters ?? [];
        const of = (place: ParameterObject['in']) =>
          parameters.filter((p) => p.in === place).map((p) => ({ name: p.name, schema: resolve(document, p.schema) }));
        const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
        return {
          method: method.toUpperCase(),
          path,
          pathParams: of('path'),
          queryParams: of('query'),
          body: bodySchema ? resolve(document, bodySchema) : undefined,
          secured: (operation.security?.length ?? 0) > 0,
          // `{}` among the requirements: a token is optional (GET /merchants), anyone may call it.
          tokenRequired:
            (operation.security?.length ?? 0) > 0 &&
            !operation.security!.some((requirement) => Object.keys(requirement as object).length === 0),
        };
      }),
  );
}

/** The URL of `operation` with its path parameters filled in (encoded) and a query string. */
export function urlOf(operation: Operation, pathValues: Record<string, string>, query: Record<string, string> = {}): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pathValues[name] ?? ''));
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}
