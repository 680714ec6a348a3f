import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { ApiModule } from '../../apps/api/src/api.module';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi';
import { version } from '../../package.json';

/** Where `npm run api-client` writes the document and the client's types. */
export const API_DOCUMENT_FILE = 'libs/api-client/openapi.json';
export const API_SCHEMA_FILE = 'libs/api-client/src/schema.d.ts';

/**
 * The api's OpenAPI document as /docs-json serves it, built from the routes alone: the module
 * is created in preview mode, so nothing connects to a database or a queue.
 */
export async function documentOfTheApi(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule, new FastifyAdapter(), { preview: true, abortOnError: false, logger: false });
  try {
    const document = buildOpenApiDocument(app);
    document.info.version = version;
    return document;
  } finally {
    await app.close();
  }
}

/** The document as the file holds it. */
export const documentText = (document: OpenAPIObject) => `${JSON.stringify(document, null, 2)}\n`;
