import { Subscriptions } from '@goodpay/event-store';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/**
 * Replays the whole log into a projection (Subscriptions.rebuild): into copies of its tables
 * beside the live ones, which take their place once caught up. Safe while workers run: the live
 * projection goes on until the short switch, which holds its lock, so no event is applied
 * twice or missed.
 */
@CliCommand({
  name: 'projection:rebuild',
  description: 'rebuild a projection from the whole event log, beside the live one',
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
