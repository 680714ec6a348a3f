import { readFile } from 'node:fs/promises';
import { type PublishedDraw, verifyDraw } from '@goodpay/raffle';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/**
 * Re-runs a round's draw from its published inputs (the JSON the round publishes: entries,
 * sources, quota, waitingListSize, entryListHash, ranking) and says whether the recorded
 * ranking is what RFC 3797 gives. Needs nothing but the file: anyone can run it.
 * Exit code 0 when it matches, 1 when it does not, 2 when the file cannot be read.
 */
@CliCommand({
  name: 'raffle:verify',
  description: 'recompute a published raffle draw (RFC 3797) and compare it with the recorded ranking',
  usage: '<published-draw.json>',
})
export class RaffleVerifyCommand implements CliCommandRunner {
  async run([file, ...rest]: string[]): Promise<number> {
    if (!file || rest.length > 0) {
      process.stderr.write('usage: raffle:verify <published-draw.json>\n');
      return 2;
    }
    let published: PublishedDraw;
    try {
      published = JSON.parse(await readFile(file, 'utf8')) as PublishedDraw;
    } catch (error) {
      process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const { matches, differences, recomputed } = verifyDraw(published);
    print(
      JSON.stringify(
        {
          matches,
          differences,
          keyString: recomputed?.keyString ?? null,
          entryListHash: recomputed?.entryListHash ?? null,
          winners: recomputed ? recomputed.ranking.slice(0, recomputed.winners) : null,
        },
        null,
        2,
      ),
    );
    return matches ? 0 : 1;
  }
}
