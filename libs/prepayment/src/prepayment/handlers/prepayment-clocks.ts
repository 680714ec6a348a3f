import { Injectable } from '@nestjs/common';
import { CampaignClocks } from '@goodpay/campaign';
import { EventStore } from '@goodpay/event-store';
import { prepaymentDecider } from '../decider';
import { prepaymentStream } from '../events';

/** The "now" of a prepayment's campaign (a rehearsal's own clock), for commands that read the prepayment in the decision. */
@Injectable()
export class PrepaymentClocks {
  constructor(
    private readonly store: EventStore,
    private readonly clocks: CampaignClocks,
  ) {}

  async ofPrepayment(prepaymentId: string): Promise<string> {
    const { state } = await this.store.aggregate(prepaymentStream(prepaymentId), prepaymentDecider);
    return state.status === 'none' ? this.clocks.system.now().toISOString() : this.clocks.now(state.campaignId);
  }
}
