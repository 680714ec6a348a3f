import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './complete-document';

export const OPENAPI_PATH = 'docs';
export const BEARER_SCHEME = 'bearer';

/** The features the operations are grouped by, in the order a reader meets them. */
const TAGS: [name: string, description: string][] = [
  ['campaigns', '캠페인: a Good Prepayment campaign, its dates, region and targets'],
  ['merchants', '가맹점: shops apply, staff approve, suspend or reinstate them; the public shop list'],
  ['participants', '참여자: citizens and organisations, and the participation agreements'],
  ['prepayments', '선결제: prepay at a shop, claim, redeem, cancel and refund; wallets, ledgers, the dashboard'],
  ['payment gateway', "결제: the payment gateway's webhooks"],
  ['raffle', '경품 추첨: certifications, rounds, the draw, winners and awards'],
  ['settlement', '정산: daily settlement runs, statements, payouts and reconciliation'],
  ['payouts', '지급: payout accounts and bank transfer files'],
  ['donations', '기부: donations, receipts and the community chest'],
  ['notifications', '알림: messages to people, delivery, failures and resends'],
  ['identity', '본인확인: identity and phone verification'],
  ['auth', 'development tokens'],
  ['operations', 'liveness and readiness'],
];

function documentConfig() {
  const builder = new DocumentBuilder()
    .setTitle('goodpay API')
    .setDescription(
      'Good Prepayment (착한 선결제) campaigns. Commands in, queries out. Errors are RFC 9457 ' +
        'application/problem+json documents (schema `Problem`) with a stable `code`; each operation lists the codes ' +
        'it can answer per status (`x-problem-codes`, and the `code` enum of each error answer). Commands that ' +
        'create something need an `Idempotency-Key` header; the others accept one.',
    )
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .addServer('/', 'the server that serves this document')
    .addServer('http://localhost:3000', 'development (npm start)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME);
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return builder.build();
}

/**
 * A route without an explicit operationId gets `<method><Controller feature>`
 * (`list` on MerchantQueriesController: `listMerchantQueries`); give it a better one in @ApiOperation.
 */
const operationIdOf = (controllerKey: string, methodKey: string) =>
  `${methodKey}${controllerKey.replace(/Controller$/, '').replace(/(Commands|Queries)$/, '')}`;

/** The complete OpenAPI document of the routes `app` holds (works on an app created with `preview: true`). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return completeDocument(SwaggerModule.createDocument(app, documentConfig(), { operationIdFactory: operationIdOf }));
}

/** OpenAPI for every controller: UI at /docs, JSON at /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${OPENAPI_PATH}-json`,
    yamlDocumentUrl: `${OPENAPI_PATH}-yaml`,
  });
}
