import { type CommandContext, type CommandResult, EventStore, idempotencyOf, metadataOf, type StreamReader } from '@goodpay/event-store';
import { merchantDecider, type MerchantState, merchantStream } from '@goodpay/merchant';
import { NotFoundError } from '@goodpay/shared';
import type { PrepaymentCommand } from '../commands';
import { prepaymentDecider } from '../decider';
import { prepaymentStream } from '../events';
import type { Prepayment } from '../state';
import { actorForShop } from './shop-actor';

/** How often a command on a busy prepayment decides again after losing a race (to another process). */
const ATTEMPTS_ON_CONFLICT = 25;

/**
 * A command on one existing prepayment: fold it and its shop, decide with the caller acting
 * for the shop they own, append at the version read. Losing a race (another redemption
 * committed first) decides again on the new balance, so concurrent redemptions end as
 * successes or as clear refusals (insufficient_balance), never as an overdraft.
 */
export async function onPrepayment<R>(
  store: EventStore,
  context: CommandContext,
  prepaymentId: string,
  build: (
    prepayment: Prepayment,
    merchant: MerchantState,
    actor: CommandContext['actor'],
    /** What the state was read from, and its version: for a command that reads one more fact of the stream. */
    stream: { read: StreamReader; version: number },
  ) => Promise<PrepaymentCommand> | PrepaymentCommand,
  respond: () => R,
  idempotent?: { command: string; input: unknown },
  { group = false }: { group?: boolean } = {},
): Promise<CommandResult<R>> {
  const stream = prepaymentStream(prepaymentId);
  return store.execute(
    async (read) => {
      const { state, version } = await read.aggregate(stream, prepaymentDecider);
      if (state.status === 'none') throw new NotFoundError('prepayment', prepaymentId);
      const merchant = (await read.aggregate(merchantStream(state.merchantId), merchantDecider)).state;
      const command = await build(state, merchant, actorForShop(context.actor, merchant), { read, version });
      const events = prepaymentDecider.decide(command, state);
      return { appends: [{ streamId: stream, expectedVersion: version, events }], respond };
    },
    {
      metadata: metadataOf(context),
      idempotency: idempotent && idempotencyOf(context, idempotent.command, idempotent.input),
      maxAttempts: ATTEMPTS_ON_CONFLICT,
      reads: [{ streamId: stream, snapshots: prepaymentDecider.snapshots }],
      // The tills of a busy prepayment take turns instead of racing for its balance.
      serialiseOn: stream,
      // A command that opts in decides with the others waiting and commits with them in one
      // statement: it reads the shop's stream too, but appends to the prepayment's only.
      group,
    },
  );
}
