import { Injectable } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { Clock, OffsetClock } from '@goodpay/shared';
import { campaignDecider } from '../campaign/decider';
import { campaignStream } from '../campaign/events';
import type { CampaignState } from '../campaign/state';

/** The campaign's clock from its folded state: the real one, or a rehearsal's offset from it. */
export function campaignClock(state: CampaignState, base: Clock): Clock {
  return state.status !== 'not_created' && state.rehearsal ? new OffsetClock(base, state.rehearsal.clockOffsetMs) : base;
}

/** How many real campaigns a process remembers as such (their clock never needs reading again). */
const REMEMBERED_REAL_CAMPAIGNS = 10_000;

/**
 * The one seam between time and the rules: every handler, scheduler and run that decides
 * something of a campaign asks for that campaign's clock here instead of using the process's
 * Clock. A real campaign's is the process's clock; a rehearsal's is the same clock moved by the
 * offset staff set (read from the campaign's stream each time, so a move is seen at once by the
 * api and the workers alike). Whether a campaign is a rehearsal is fixed at creation, so real
 * campaigns are remembered and cost one read per process.
 */
@Injectable()
export class CampaignClocks {
  private readonly real = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** The process's own clock: for what belongs to no campaign. */
  get system(): Clock {
    return this.clock;
  }

  async of(campaignId: string): Promise<Clock> {
    if (this.real.has(campaignId)) return this.clock;
    const { state } = await this.store.aggregate(campaignStream(campaignId), campaignDecider);
    if (state.status !== 'not_created' && !state.rehearsal && this.real.size < REMEMBERED_REAL_CAMPAIGNS) this.real.add(campaignId);
    return campaignClock(state, this.clock);
  }

  /** Whether the campaign is a rehearsal (its clock is its own): what a command's answer marks. */
  async isRehearsal(campaignId: string): Promise<boolean> {
    return (await this.of(campaignId)) !== this.clock;
  }

  /** The campaign's "now" as an ISO instant. */
  async now(campaignId: string): Promise<string> {
    return (await this.of(campaignId)).now().toISOString();
  }
}
