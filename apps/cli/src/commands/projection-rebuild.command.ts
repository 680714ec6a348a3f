import { Subscriptions } from '@goodpay/event-store';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/**
 * Empties a projection's tables and replays the whole log into them (Subscriptions.rebuild).
 * Safe while workers run: batches queue on the projection's advisory lock, and the reset
 * commits with the checkpoint's return to 0, so no event is applied twice or missed.
 */
@CliCommand({
  name: 'projection:rebuild',
  description: 'empty a projection and replay the whole event log into it',
  usage: '<projection>',
})
export class ProjectionRebuildCommand implements CliCommandRunner {
  constructor(private readonly subscriptions: Subscriptions) {}

  async run([name]: string[]): Promise<number> {
    const known = this.subscriptions.names();
    if (!name || !known.includes(name)) {
      process.stderr.write(`${name ? `unknown projection "${name}"` : 'which projection?'}; known: ${known.join(', ') || 'none'}\n`);
      return 2;
    }
    const started = process.hrtime.bigint();
    const { read } = await this.subscriptions.rebuild(name);
    const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
    print(`rebuilt ${name}: ${read} events read in ${ms} ms`);
    return 0;
  }
}
