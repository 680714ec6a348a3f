import type { ProjectedEvent, Sql } from '@goodpay/event-store';
import { expiryWatchProjection } from './expiry-watch.projection';

/** What the projection asks of the database for a batch: each statement's text and parameters. */
async function statementsFor(events: Pick<ProjectedEvent, 'type' | 'data'>[]): Promise<{ text: string; params: unknown[] }[]> {
  const asked: { text: string; params: unknown[] }[] = [];
  const sql: Sql = {
    query: async (text, params) => {
      asked.push({ text: text.replace(/\s+/g, ' ').trim(), params: [...(params ?? [])] });
      return { rows: [], rowCount: 0 };
    },
  };
  await expiryWatchProjection().apply(events as never, sql);
  return asked;
}

const made = (prepaymentId: string, expiresOn?: string) => ({ type: 'PrepaymentMade', data: { prepaymentId, expiresOn } });
const refunded = (prepaymentId: string) => ({ type: 'PrepaymentRefunded', data: { prepaymentId } });

describe('the expiry watch, a batch at a time', () => {
  it('watches what the batch made, and forgets what it refunded, made in it or before', async () => {
    const asked = await statementsFor([made('a', '2026-03-01'), made('b', '2026-03-02'), made('c'), refunded('b'), refunded('d')]);
    expect(asked).toEqual([
      { text: expect.stringMatching(/^INSERT INTO prepayment_expiry_watch/), params: [['a'], ['2026-03-01']] },
      { text: expect.stringMatching(/^DELETE FROM prepayment_expiry_watch/), params: [['b', 'd']] },
    ]);
  });

  it('asks nothing of a batch with nothing to watch or forget', async () => {
    expect(await statementsFor([made('c')])).toEqual([]);
  });
});
