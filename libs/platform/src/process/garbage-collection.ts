import { setFlagsFromString } from 'node:v8';

/**
 * How far old space may grow past what was live after a major collection before the next one
 * starts: by half. V8 would pick up to 300 % on a machine with memory to spare.
 */
const OLD_SPACE_GROWTH_PERCENT = 50;

/**
 * V8's collector as the api and the worker want it: garbage that outlives a few minor
 * collections (a request or a batch waiting on PostgreSQL) must not sit in old space until it
 * is several times the live heap. Two flags (docs/performance.md: the api's memory, session 8):
 *
 * - No allocation-site pretenuring. V8 allocates a site's objects straight in old space once
 *   most of them survive a minor collection; under load that happened to per-request objects
 *   (rows of query results, half of it), so every request's garbage went to old space.
 * - Old space collected once it has grown by half of what was live. V8 picks the growth from
 *   how fast it collects against how fast the process allocates, up to four times the live heap
 *   here, so at a high command rate what was promoted dead grew to three times what was live
 *   (the api at 388 MB in the full bench). A fixed 1.5 bounds it to half, for more, cheaper
 *   major collections. Not a heap limit: a request that needs a large live heap (an export, a
 *   payout file, the NTS file) grows it as before, up to V8's own maximum.
 *
 * Called by the preload (tracing/register.ts), before the app's modules load: loading them
 * already runs the first major collections, and V8 sets the next one's threshold at each, so a
 * later call would leave the threshold of the startup's collections in place until the load
 * reached it.
 */
export function configureGarbageCollection(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
  setFlagsFromString(`--heap-growing-percent=${OLD_SPACE_GROWTH_PERCENT}`);
}
