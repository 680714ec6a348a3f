import { Injectable } from '@nestjs/common';
import { type CommandContext, type CommandResult, type DistributiveOmit, EventStore, executeOnStream } from '@goodpay/event-store';
import { Clock } from '@goodpay/shared';
import type { MerchantCommand, RegisterMerchant } from '../commands';
import { merchantDecider } from '../decider';
import { merchantStream } from '../events';

export type MerchantChange = DistributiveOmit<Exclude<MerchantCommand, RegisterMerchant>, 'actor' | 'merchantId' | 'now'>;
export type MerchantChanged = CommandResult<{ merchantId: string }>;

/** What every handler of a command on an existing shop shares. */
@Injectable()
export abstract class MerchantChangeHandler {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** merchant_not_found (404) if there is no such shop; decided again after a conflict. */
  protected change(context: CommandContext, merchantId: string, change: MerchantChange): Promise<MerchantChanged> {
    return executeOnStream(
      this.store,
      context,
      merchantStream(merchantId),
      merchantDecider,
      () => ({ ...change, actor: context.actor, merchantId, now: this.clock.now().toISOString() }),
      { name: change.type, input: { merchantId, ...change }, respond: () => ({ merchantId }) },
    );
  }
}
