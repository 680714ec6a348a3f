// Preloaded into the api by `npm run bench -- --profile-api` (the worker: `--profile-worker`) (NODE_OPTIONS=--require, which
// takes no TypeScript, hence plain JS; --cpu-prof itself is refused in NODE_OPTIONS). Each
// SIGWINCH starts a CPU profile, the next one writes it to $BENCH_CPU_PROFILE_DIR, so a profile
// covers one load (the bench signals around each autocannon run) rather than the whole process.
// SIGWINCH because nothing else in the api listens to it and its default is to ignore it
// (Nest's shutdown hooks take SIGUSR2, the inspector SIGUSR1, V8's sampler SIGPROF).
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
let running = false;
process.on('SIGWINCH', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () => session.post('Profiler.start', () => process.stdout.write('cpu profile started\n')));
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) return process.stderr.write(`cpu profile: ${error.message}\n`);
    const file = join(process.env.BENCH_CPU_PROFILE_DIR, `${process.env.BENCH_CPU_PROFILE_NAME}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    process.stdout.write(`cpu profile written to ${file}\n`);
  });
});
