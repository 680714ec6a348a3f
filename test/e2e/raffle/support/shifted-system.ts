import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Role } from '@goodpay/shared';
import { RunningSystem } from '../../../support/system';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The api and worker processes with a clock the test moves forward by whole days (see
 * shifted-clock.js), and tokens issued afresh at each moment (a 12-hour token issued before
 * a jump of days would have expired).
 */
export class ShiftedSystem extends RunningSystem {
  private readonly dir: string;
  private readonly clockFile: string;

  constructor(extraEnv: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'goodpay-e2e-clock-'));
    const clockFile = join(dir, 'offset-ms');
    writeFileSync(clockFile, '0');
    super({ ...extraEnv, NODE_OPTIONS: `--require ${resolve(__dirname, 'shifted-clock.js')}`, GOODPAY_E2E_CLOCK_FILE: clockFile });
    this.dir = dir;
    this.clockFile = clockFile;
  }

  /** From now on both processes live `days` days after the real time. */
  setDaysAhead(days: number): void {
    writeFileSync(this.clockFile, String(days * DAY_MS));
  }

  /** A token issued at the processes' current time. */
  async freshToken(subject: string, role: Role): Promise<string> {
    const { status, body } = await this.request('POST', '/dev/tokens', { body: { subject, role } });
    if (status !== 201) throw new Error(`no token: ${status} ${JSON.stringify(body)}`);
    return body.token;
  }

  override async stop(): Promise<void> {
    await super.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
