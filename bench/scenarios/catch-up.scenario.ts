import { campaignConsumers } from '@goodpay/campaign';
import { donationConsumers } from '@goodpay/donation';
import { merchantConsumers } from '@goodpay/merchant';
import { NOTIFICATION_PLANNER } from '@goodpay/notification';
import { officeExportsReactor } from '@goodpay/office-export';
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
  ...[...raffleConsumers(), ...settlementConsumers(resolveSettlementOptions()), ...donationConsumers(), officeExportsReactor()],
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
 * `catchUpEvents` prepayment events appended at once, in one transaction (an import, or what a
 * long outage of the worker leaves), with the worker and all its consumers running: the time
 * from that commit until every consumer has passed the last of them, and the longest time a
 * consumer that handles none of them stood behind it. Checkpoints are polled every 50 ms, so
 * both figures are to about 50 ms.
 *
 * "Passed" is a checkpoint at or after the last appended event: a consumer's checkpoint only
 * moves past an event once every event of its types up to there is handled, in the same
 * transaction (a full batch stops at its own last event; a short one, or the idle pass, moves
 * to the last event below the horizon only when none of its types is left before it).
 */
export const catchUpScenario: Scenario = {
  title: 'catch-up after a million events at once',
  produces: ['catch_up_1m_s'],
  async run({ system, sizes, shop, log }) {
    if (!system.worker) await system.startWorker(); // a scenario before may have stopped it
    const names = [...CONSUMERS.map(({ name }) => name), NOTIFICATION_PLANNER].sort();
    log(`  appending ${sizes.catchUpEvents} events; ${names.length} consumers: ${names.join(', ')}`);
    const appended = await timed(() => appendPrepaymentEvents(system, shop, sizes.catchUpEvents, { atOnce: true }));
    const { last: end, committedAt } = appended.result;
    // As autovacuum would soon after a bulk load; the consumers run meanwhile, and the clock with them.
    const analyzed = system.sql('ANALYZE events');
    const caughtUpAt = new Map<string, number>();
    // With --profile-worker, the worker's CPU profile covers the catch-up.
    await system.profiled(async () => {
      while (caughtUpAt.size < names.length) {
        if (Date.now() - committedAt > TIMEOUT_MS)
          throw new Error(`not caught up after ${TIMEOUT_MS} ms: ${names.filter((name) => !caughtUpAt.has(name)).join(', ')}`);
        const rows = await system.sql<{ name: string; reached: boolean }>(
          `SELECT name, (last_transaction_id, last_position) >= ($1::xid8, $2::bigint) AS reached FROM subscription_checkpoints`,
          [end.transactionId, end.position],
        );
        // Only the consumers listed: another row (a rebuild's, a consumer missing from the list) must not count for one.
        for (const { name, reached } of rows)
          if (reached && names.includes(name) && !caughtUpAt.has(name)) caughtUpAt.set(name, Date.now());
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    });
    await analyzed;
    // Every consumer is behind from the commit until its checkpoint passes the last event.
    const behind = (name: string) => Math.max(0, caughtUpAt.get(name)! - committedAt) / 1000;
    const idle = names.filter((name) => !HANDLING.has(name));
    const longestIdle = idle.reduce((worst, name) => (behind(name) > behind(worst) ? name : worst), idle[0]);
    return {
      catch_up_1m_s: {
        value: round(Math.max(...names.map(behind)), 1),
        unit: 's',
        events: appended.result.events,
        append_seconds: round(appended.seconds, 1),
        longest_idle_consumer_behind_s: round(idle.length > 0 ? behind(longestIdle) : 0, 2),
        longest_idle_consumer: longestIdle ?? null,
        per_consumer_s: names.map((name) => `${name} ${round(behind(name), 2)}`).join(', '),
      },
    };
  },
};
