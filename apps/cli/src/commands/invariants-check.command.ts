import { PrepaymentInvariants } from '@goodpay/prepayment';
import { stringifyExact } from '@goodpay/shared';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/**
 * Checks the prepayment balances against the event log (see PrepaymentInvariants) and prints
 * the report as JSON. Exit code 0 when it holds, 1 when anything disagrees. By default it first
 * catches the balances projection up, so the report covers everything committed by now;
 * `--no-catch-up` checks the projection exactly where it stands.
 */
@CliCommand({
  name: 'invariants:check',
  description: 'check projected balances against the event log; prints JSON, exit code 1 on a violation',
  usage: '[--no-catch-up]',
})
export class InvariantsCheckCommand implements CliCommandRunner {
  constructor(private readonly invariants: PrepaymentInvariants) {}

  async run(args: string[]): Promise<number> {
    const unknown = args.filter((arg) => arg !== '--no-catch-up');
    if (unknown.length > 0) {
      process.stderr.write(`unknown argument ${unknown.join(' ')}; usage: invariants:check [--no-catch-up]\n`);
      return 2;
    }
    const report = await this.invariants.check({ catchUp: !args.includes('--no-catch-up') });
    print(stringifyExact(report, 2));
    return report.ok ? 0 : 1;
  }
}
