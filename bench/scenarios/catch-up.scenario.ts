import { campaignConsumers } from '@goodpay/campaign';
import { donationConsumers } from '@goodpay/donation';
import { merchantConsumers } from '@goodpay/merchant';
import { NOTIFICATION_PLANNER } from '@goodpay/notification';
import { participantConsumers } from '@goodpay/participant';
import { prepaymentConsumers } from '@goodpay/prepayment';
import { raffleConsumers } from '@goodpay/raffle';
import { resolveSettlementOptions, settlementConsumers } from '@goodpay/settlement';
import { round, timed } from '../support/measurement';
import { appendPrepaymentEvents } from './rebuild.scenario';
import type { Scenario } from './scenario';

/** Every consumer the worker runs, from the contexts' own lists. */
const CONSUMERS = [
  ...[...campaignConsumers(), ...merchantConsumers(), ...participantConsumers(), ...prepaymentConsumers()],
  ...[...raffleConsumers(), ...settlementConsumers(resolveSettlementOptions()), ...donationConsumers()],
].map(({ name, eventTypes }) => ({ name, eventTypes: eventTypes as readonly string[] }));
const BACKLOG_TYPES = ['PrepaymentMade', 'PrepaymentRedeemed'];
/** The consumers that handle some of the backlog; every other one handles none of it. */
const HANDLING = new Set([
  ...CONSUMERS.filter(({ eventTypes }) => eventTypes.some((type) => BACKLOG_TYPES.includes(type))).map(({ name }) => name),
  NOTIFICATION_PLANNER,
]);
const POLL_MS = 50;
const TIMEOUT_MS = 60 * 60_000;

/**
 * `catchUpEvents` prepayment events appended at once (an import, or what a long outage of the
 * worker leaves), with the worker and all its consumers running: the time until every consumer
 * has passed the last of them, and the longest time a consumer that handles none of them stood
 * behind it. Checkpoints are polled every 50 ms, so the second figure is to about 50 ms.
 */
export const catchUpScenario: Scenario = {
  title: 'catch-up after a million events at once',
  produces: ['catch_up_1m_s'],
  async run({ system, sizes, shop, log }) {
    if (!system.worker) await system.startWorker(); // a scenario before may have stopped it
    const names = [...CONSUMERS.map(({ name }) => name), NOTIFICATION_PLANNER].sort();
    log(`  appending ${sizes.catchUpEvents} events; ${names.length} consumers: ${names.join(', ')}`);
    const appended = await timed(() => appendPrepaymentEvents(system, shop, sizes.catchUpEvents));
    const [end] = await system.sql<{ transaction_id: string; position: string }>(
      `SELECT transaction_id::text, global_position::text AS position FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
    );
    const appendedAt = Date.now(); // the last chunk's commit: from here no consumer has anything new
    const started = appendedAt - appended.seconds * 1000; // the first chunk was committed at the start of the append
    const caughtUpAt = new Map<string, number>();
    while (caughtUpAt.size < names.length) {
      if (Date.now() - started > TIMEOUT_MS)
        throw new Error(`not caught up after ${TIMEOUT_MS} ms: ${names.filter((name) => !caughtUpAt.has(name)).join(', ')}`);
      const rows = await system.sql<{ name: string; reached: boolean }>(
        `SELECT name, (last_transaction_id, last_position) >= ($1::xid8, $2::bigint) AS reached FROM subscription_checkpoints`,
        [end.transaction_id, end.position],
      );
      for (const { name, reached } of rows) if (reached && !caughtUpAt.has(name)) caughtUpAt.set(name, Date.now());
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const behind = (name: string) => ((caughtUpAt.get(name) ?? started) - started) / 1000;
    // A consumer with none of the events is behind from the last commit until its checkpoint passes it.
    const idleBehind = (name: string) => Math.max(0, (caughtUpAt.get(name) ?? appendedAt) - appendedAt) / 1000;
    const idle = names.filter((name) => !HANDLING.has(name));
    const longestIdle = idle.reduce((worst, name) => (idleBehind(name) > idleBehind(worst) ? name : worst), idle[0]);
    return {
      catch_up_1m_s: {
        value: round(Math.max(...names.map(behind)), 1),
        unit: 's',
        events: appended.result,
        append_seconds: round(appended.seconds, 1),
        after_append_s: round((Math.max(...names.map((name) => caughtUpAt.get(name) ?? appendedAt)) - appendedAt) / 1000, 1),
        longest_idle_consumer_behind_s: round(idle.length > 0 ? idleBehind(longestIdle) : 0, 2),
        longest_idle_consumer: longestIdle ?? null,
        per_consumer_s: names.map((name) => `${name} ${round(behind(name), 2)}`).join(', '),
      },
    };
  },
};
