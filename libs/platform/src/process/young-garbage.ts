import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process; call it first thing in main.
 *
 * V8 watches where objects are allocated, and once most objects of a site have survived a
 * minor collection it allocates that site's objects straight into the old generation. Under
 * load a request lives across minor collections (dozens in flight, each waiting on PostgreSQL),
 * so sites of per-request objects get pretenured (rows of query results were half of it);
 * then every request's objects land in old space and stay there, dead, until a major
 * collection, which V8 starts only when old space has grown to up to four times what was live
 * after the last one. In the bench the api's old space went 80 -> 380 MB that way and its
 * resident memory 260 -> 560 MB, with about 80 MB live after each major collection. Without
 * pretenuring those objects die young, in the minor collections.
 *
 * Set at run time rather than as a `node` flag so that every way the api is started (npm
 * scripts, the Docker image, the tests and the bench, which run the source) gets it; V8 reads
 * it when it collects and allocates, so setting it before the app takes requests is enough
 * (docs/performance.md, the api's memory, has the figures).
 */
export function keepRequestGarbageYoung(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
