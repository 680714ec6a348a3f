import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT, startTsProcess } from '../support/processes';

/**
 * A process started without NODE_ENV is a production process: it refuses to start on the
 * development secrets, instead of serving with them and minting tokens for anyone. Development
 * is what `npm start` opts into, explicitly.
 */
describe('e2e: development mode is opted into, never the result of a missing NODE_ENV', () => {
  it.each(['apps/api/src/main.ts', 'apps/worker/src/main.ts'])(
    '%s without NODE_ENV refuses to start without production secrets',
    async (entry) => {
      // Empty counts as unset (jest itself runs with NODE_ENV=test, which the child would inherit).
      // Nothing listens on port 1: a process that got past its configuration fails there instead.
      const child = startTsProcess(entry, {
        NODE_ENV: '',
        PORT: '0',
        REDIS_URL: 'redis://127.0.0.1:1',
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/goodpay',
      });
      const timeout = setTimeout(() => void child.kill('SIGKILL'), 30_000);
      const code = await new Promise<number | null>((done) => child.child.once('exit', done)).finally(() => clearTimeout(timeout));
      expect(code).toBe(1);
      for (const secret of ['PERSONAL_DATA_MASTER_KEY', 'PERSONAL_DATA_HASH_KEY', 'NOTIFICATION_RECEIPT_SECRET']) {
        expect(child.output()).toContain(`${secret}: ${secret} is required in production`);
      }
      // Development tokens are off in production, so the secret that signs them is not asked for.
      expect(child.output()).not.toContain('AUTH_JWT_SECRET');
    },
  );

  it('npm start opts into development through development.env, which a variable in the environment overrides', () => {
    const scripts = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(scripts.start).toMatch(/^node --env-file=development\.env /);
    expect(readFileSync(resolve(REPO_ROOT, 'development.env'), 'utf8')).toMatch(/^NODE_ENV=development$/m);
    for (const script of ['start:api', 'start:worker', 'cli']) expect(scripts[script]).not.toContain('development');
  });
});
