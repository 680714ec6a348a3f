/**
 * The settings every connection of the application starts with (the `options` startup parameter
 * of node-postgres), whoever opens it: the api, the worker, the cli, the tests' and the bench's
 * data sources.
 *
 * `jit=off`: PostgreSQL compiles a plan whose estimated cost passes `jit_above_cost` on every
 * execution, and the estimates of the consumers' statements grow with the log and the read
 * models, so JIT came in once the tables were large. A plan kept by a plpgsql function or a
 * prepared statement is compiled again each time: a walk of 10,000 positions that runs in 20 ms
 * took 70 ms more to compile (docs/performance.md, session 10), and the balance statement spent
 * 17 s of 21 compiling (session 8). Nothing here runs long enough to win it back.
 */
export const POSTGRES_SESSION_OPTIONS = '-c jit=off';
