// Dependency rules for goodpay: the layering of docs/architecture.md, checked by
// `npm run lint:deps` (part of `npm test`, so CI fails on a violation).
//
//   apps/*                    wire libraries together; hold no business rules
//   libs/<context>            domain: campaign, merchant, participant, prepayment, raffle,
//                             donation, settlement, notification, ... (any lib not below)
//   libs/platform             infrastructure for apps: config, database, queues, logging
//   libs/event-store          the append-only store, subscriptions, relay
//   libs/shared               pure kernel: money, ids, errors, auth
//
// Our libraries are imported through tsconfig path aliases (@goodpay/<name> ->
// libs/<name>/src), which dependency-cruiser resolves through options.tsConfig, so every
// rule below is written against resolved file paths (libs/<name>/...), whichever way the
// import was spelled. Test code (specs beside the code, test/) may import anything: every
// rule's `from` leaves it out.

/** Test code: *.spec.ts / *.test.ts anywhere, and anything in a test/ or __tests__/ folder. */
const TEST = '(^|/)(test|__tests__)/|\\.(spec|test|e2e-spec)\\.[cm]?[jt]sx?$';

/** The libraries that are not domain contexts; every other libs/<name> is a context. */
const NON_DOMAIN_LIBS = '^libs/(shared|event-store|platform)/';

/** Infrastructure packages the shared kernel must stay free of (resolved or unresolved). */
const INFRA_PACKAGES =
  '(^|node_modules/)(@types/)?(@nestjs/[^/]+|@bull-board/[^/]+|@fastify/[^/]+|typeorm|bullmq|ioredis|pg|pg-[^/]+|fastify|nestjs-pino|pino|pino-[^/]+|prom-client)(/|$)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'Cycles make module load order matter (a class is undefined at import time, Nest ' +
        'injection breaks) and fuse layers that should be separable. Break the cycle by ' +
        'moving the shared piece down a layer or by talking through events.',
      from: { pathNot: TEST },
      to: { circular: true },
    },
    {
      name: 'libs-not-to-apps',
      severity: 'error',
      comment:
        'Libraries are reused by several apps (api, worker, standalone, cli); an app is the ' +
        'outermost layer and wires libraries together. A library importing an app inverts ' +
        'the layering and drags HTTP/queue wiring into the domain.',
      from: { path: '^libs/', pathNot: TEST },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-not-to-other-apps',
      severity: 'error',
      comment:
        'api and worker are deployed as separate processes/containers and must build and ' +
        'start alone. Only the composing entry points (standalone runs api + workers in one ' +
        'process; cli) may import another app. Wiring both need belongs in libs/platform. ' +
        'One exception: what every process is built with (the migrations, the personal-data ' +
        'vault) is defined once in apps/api/src/every-process.ts, beside the api that owns the schema.',
      from: { path: '^apps/([^/]+)/', pathNot: ['^apps/(standalone|cli)/', TEST] },
      to: { path: '^apps/', pathNot: ['^apps/$1/', '^apps/api/src/every-process[.]ts$'] },
    },
    {
      name: 'shared-is-a-leaf',
      severity: 'error',
      comment:
        'libs/shared is the kernel every other library stands on (money, ids, errors, ' +
        'auth). If it imported another @goodpay library, that library could no longer ' +
        'import shared without a cycle.',
      from: { path: '^libs/shared/', pathNot: TEST },
      to: { path: '^libs/', pathNot: '^libs/shared/' },
    },
    {
      name: 'shared-is-pure',
      severity: 'error',
      comment:
        'The kernel is plain TypeScript (class-validator at most), so domain decisions built ' +
        'on it are tested without a framework, a database or a queue. Nest, TypeORM, pg, ' +
        'BullMQ, ioredis, Fastify, logging and metrics belong in event-store, platform or apps.',
      from: { path: '^libs/shared/', pathNot: TEST },
      to: { path: INFRA_PACKAGES },
    },
    {
      name: 'event-store-only-on-shared',
      severity: 'error',
      comment:
        'The event store is the generic foundation under every context: it knows envelopes, ' +
        'streams and positions, never a domain event or the platform wiring. Among our ' +
        'libraries it may import only libs/shared.',
      from: { path: '^libs/event-store/', pathNot: TEST },
      to: { path: '^libs/', pathNot: '^libs/(shared|event-store)/' },
    },
    {
      name: 'platform-only-on-shared-and-event-store',
      severity: 'error',
      comment:
        'libs/platform is infrastructure for apps (config, database, queues, logging). It ' +
        'may use the kernel and the event store, but never a domain context: apps wire ' +
        'contexts in, so platform stays reusable and free of business rules.',
      from: { path: '^libs/platform/', pathNot: TEST },
      to: { path: '^libs/', pathNot: '^libs/(shared|event-store|platform)/' },
    },
    {
      name: 'domain-not-to-platform',
      severity: 'error',
      comment:
        'A domain context (campaign, merchant, participant, prepayment, raffle, donation, ' +
        'settlement, notification, any future lib) holds events, decisions, read models and ' +
        'queries; it must not depend on how the process is configured or wired. Apps pass ' +
        'what it needs in through Nest modules. (Importing apps is caught by libs-not-to-apps.)',
      from: { path: '^libs/[^/]+/', pathNot: [NON_DOMAIN_LIBS, TEST] },
      to: { path: '^libs/platform/' },
    },
    {
      name: 'api-client-knows-only-the-document',
      severity: 'error',
      comment:
        'libs/api-client is what a client of the api (the console, the e2e tests, a partner) ' +
        'builds on: the types generated from the OpenAPI document and openapi-fetch. Importing ' +
        'server code would drag Nest, TypeORM and the domain into a browser bundle and let the ' +
        'client compile against the server instead of against the published contract.',
      from: { path: '^libs/api-client/', pathNot: TEST },
      to: { path: '^(apps|libs)/', pathNot: '^libs/api-client/' },
    },
    {
      name: 'other-libs-only-through-their-index',
      severity: 'error',
      comment:
        'Another library is used only through its public entry (@goodpay/<name> = ' +
        'libs/<name>/src/index.ts). Reaching into its files (entities, tables, internals) ' +
        'by a relative path bypasses what it chose to export: contexts talk through events ' +
        "and exported APIs, never through each other's tables.",
      from: { path: '^(apps|libs)/([^/]+)/', pathNot: TEST },
      to: { path: '^libs/[^/]+/', pathNot: ['^libs/$2/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'production-not-to-test-code',
      severity: 'error',
      comment:
        'test/ and bench/ are not compiled into dist/ (tsconfig.build.json) and their ' +
        'helpers are not shipped: production code importing them breaks the build or the ' +
        'container at run time.',
      from: { path: '^(apps|libs)/', pathNot: TEST },
      to: { path: ['^test/', '^bench/', TEST] },
    },
    {
      name: 'no-dev-dependencies-in-production',
      severity: 'error',
      comment:
        'The runtime image installs only production dependencies (npm ci --omit=dev). ' +
        'Production code importing a devDependency at run time works locally and crashes ' +
        'in the container. Type-only imports are erased by tsc and are fine. The staff console ' +
        '(apps/console) and the client it is built on (libs/api-client) are bundled by Vite at ' +
        'build time into static files: nothing of theirs is imported at run time.',
      from: { path: '^(apps|libs)/', pathNot: [TEST, '^apps/console/', '^libs/api-client/'] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-undeclared-packages',
      severity: 'error',
      comment:
        "A package that is not in package.json (only present as someone else's transitive " +
        'dependency) can disappear or change with any install. Declare what you import.',
      from: { pathNot: TEST },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'An import that resolves to nothing: a typo, a missing package, or an @goodpay/<name> ' +
        'alias missing from tsconfig.json "paths" (which jest and tsc-alias also read).',
      from: { pathNot: TEST },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dist',
      severity: 'error',
      comment:
        'dist/ is build output: stale, absent on a clean clone and not type-checked. Import ' +
        'the source (through @goodpay/<name> for libraries).',
      from: {},
      to: { path: '^dist/' },
    },
  ],
  options: {
    // Record dependencies on packages and on build output, but never cruise into them.
    // dist/ is deliberately in doNotFollow rather than `exclude`: an excluded module is
    // dropped from the graph together with the edges into it, so not-to-dist could never
    // fire (checked: with exclude '^dist/' an import of ../dist/... went unreported).
    doNotFollow: { path: ['node_modules', '^dist/'] },
    // Other build and report output is never part of the graph.
    exclude: { path: ['^coverage/', '^bench/results/'] },
    // Resolve @goodpay/<name> aliases (and baseUrl) exactly as tsc does.
    tsConfig: { fileName: 'tsconfig.json' },
    // Count type-only imports too: a layering violation is one even when it is erased by tsc.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
