/**
 * Loaded with `node --require` before the app (OpenTelemetry's documented way for Node.js,
 * opentelemetry.io/docs/languages/js/getting-started/nodejs), so the http, pg and ioredis
 * instrumentations patch those modules before anything requires them. Starts nothing unless
 * tracing is configured. First of all it sets V8's collector, which must also precede the
 * app's modules (configureGarbageCollection says why).
 */
import { configureGarbageCollection } from '../process/garbage-collection';
import { tracingEnabled } from './tracing-enabled';

configureGarbageCollection();

if (tracingEnabled()) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on
  require('./start-tracing');
}
