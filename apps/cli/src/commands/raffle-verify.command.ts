import { readFile } from 'node:fs/promises';
import { type PublishedRound, verifyRoundDocument } from '@goodpay/raffle';
import { CliCommand, type CliCommandRunner, print } from '../cli-command';

/**
 * Checks a drawn round from the exact document GET /campaigns/:id/raffle/rounds/:round returns:
 * its timeline, sources (drand signature, Lotto draw, seed commitment), key string, entry list
 * hash and Merkle root, quota and its derivation, winners and ranking. Needs nothing but the
 * file: no configuration, database or network (docs/verify-a-draw.md).
 * Exit code 0 when every check passes, 1 when one fails (each failure says its check and where
 * in the document), 2 when the file cannot be read or is not JSON.
 */
@CliCommand({
  name: 'raffle:verify',
  description: 'check a drawn raffle round from its published document alone (timeline, sources, key, list, quota, ranking)',
  usage: '<round-document.json>',
  standalone: true,
})
export class RaffleVerifyCommand implements CliCommandRunner {
  async run([file, ...rest]: string[]): Promise<number> {
    if (!file || rest.length > 0) {
      process.stderr.write('usage: raffle:verify <round-document.json>\n');
      return 2;
    }
    let document: PublishedRound;
    try {
      document = JSON.parse(await readFile(file, 'utf8')) as PublishedRound;
    } catch (error) {
      process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const { matches, failures, winners } = verifyRoundDocument(document);
    print(JSON.stringify({ matches, failures, winners }, null, 2));
    return matches ? 0 : 1;
  }
}
