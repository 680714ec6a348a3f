// npm run api-client: writes the api's OpenAPI document to libs/api-client/openapi.json and
// regenerates the typed client's libs/api-client/src/schema.d.ts from it (openapi-typescript).
// `npm test` fails while either file is out of step with the routes (test/api-client).
import { writeFileSync } from 'node:fs';
import { API_DOCUMENT_FILE, API_SCHEMA_FILE, clientTypesOf, documentOfTheApi, documentText } from '../test/support/api-document';

async function main() {
  const document = await documentOfTheApi();
  writeFileSync(API_DOCUMENT_FILE, documentText(document));
  writeFileSync(API_SCHEMA_FILE, await clientTypesOf(document));
  console.log(`wrote ${API_DOCUMENT_FILE} and ${API_SCHEMA_FILE} (${Object.keys(document.paths).length} paths)`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
