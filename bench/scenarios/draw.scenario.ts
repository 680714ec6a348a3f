import { createHash } from 'node:crypto';
import { drawRanking } from '@goodpay/raffle';
import { round, timed } from '../support/measurement';
import type { Scenario } from './scenario';

/**
 * A raffle draw over a round of `drawEntries` entries: the canonical entry list (sort and
 * duplicate check), its published SHA-256 and the RFC 3797 selection of 150 winners and a
 * waiting list of 150, as the draw job computes them (drawRanking, pure). Reading the entries
 * from the read model is not part of it.
 */
export const drawScenario: Scenario = {
  title: 'raffle draw over a round of entries',
  produces: ['draw_1m_entries_s'],
  async run({ sizes }) {
    // Ids shaped like real ones and in no particular order, as a round's entries arrive.
    const entries = Array.from(
      { length: sizes.drawEntries },
      (_, i) => `entry-${createHash('md5').update(`bench-entry-${i}`).digest('hex')}`,
    );
    const { result, seconds } = await timed(async () =>
      drawRanking({
        entries,
        sources: [{ label: 'Lotto 6/45 draw 1154', numbers: ['3', '11', '17', '25', '32', '41'] }],
        quota: 150,
        waitingListSize: 150,
      }),
    );
    return {
      draw_1m_entries_s: { value: round(seconds, 2), unit: 's', entries: result.poolSize, ranked: result.ranking.length },
    };
  },
};
