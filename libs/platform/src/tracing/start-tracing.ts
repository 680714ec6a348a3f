import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';

/** `goodpay-api`, `goodpay-worker`, ... from the entry point, unless OTEL_SERVICE_NAME says otherwise. */
const entryApp = /apps[\\/]([^\\/]+)[\\/]/.exec(process.argv[1] ?? '')?.[1] ?? 'process';

/**
 * Spans of HTTP requests (server and client; W3C trace context taken from `traceparent`),
 * PostgreSQL queries (the append among them) and Redis commands, exported over OTLP/HTTP to the
 * configured endpoint. The command, wake-up and consumer spans come from our own code
 * (`@opentelemetry/api`), which is a no-op when this file is not loaded.
 */
const sdk = new NodeSDK({
  serviceName: process.env.OTEL_SERVICE_NAME?.trim() || `goodpay-${entryApp}`,
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request) => ['/health', '/ready', '/metrics'].includes(request.url ?? '') }),
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ],
});
sdk.start();

// Flush what is buffered when the process is asked to stop; Nest's own shutdown runs beside it.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sdk.shutdown().catch(() => undefined));
