import { Injectable } from '@nestjs/common';
import { isRehearsal } from '@goodpay/campaign';
import { EventStore } from '@goodpay/event-store';
import { rafflePolicyOf } from '../policy/raffle-policy';
import { raffleRoundDecider } from './decider';
import { RoundContext } from './handlers/round-context';
import { raffleRoundStream } from './events';
import { type PublishedRound, publishedRound } from './published-round';
import { type CitizenCertification, type RoundInclusion, roundInclusion } from './inclusion';

/** Reads a round as published, straight from its stream (it is small and read rarely). */
@Injectable()
export class RaffleRounds {
  constructor(
    private readonly store: EventStore,
    private readonly context: RoundContext,
  ) {}

  async published(campaignId: string, round: number): Promise<PublishedRound> {
    const { campaign } = await this.context.campaign(campaignId);
    const period = this.context.periodOf(campaign, round);
    await this.context.requireRound(campaignId, round);
    const { state } = await this.store.aggregate(raffleRoundStream(campaignId, round), raffleRoundDecider);
    return publishedRound(campaignId, round, state, { period, policy: rafflePolicyOf(campaign), isRehearsal: isRehearsal(campaign) });
  }

  /** A citizen's certifications of the round: each entry's inclusion proof, or why it is not in the list. */
  async inclusion(campaignId: string, round: number, mine: CitizenCertification[]): Promise<RoundInclusion> {
    await this.context.requireRound(campaignId, round);
    const { state } = await this.store.aggregate(raffleRoundStream(campaignId, round), raffleRoundDecider);
    return roundInclusion(campaignId, round, state, mine);
  }
}
