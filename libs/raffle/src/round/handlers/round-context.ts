import { Injectable } from '@nestjs/common';
import { type Campaign, campaignClock, campaignDecider, campaignStream, existingCampaign, type Period } from '@goodpay/campaign';
import { EventStore } from '@goodpay/event-store';
import { Clock, NotFoundError } from '@goodpay/shared';
import { raffleCertificationDecider } from '../../certification/decider';
import { raffleCertificationStream } from '../../certification/events';
import { raffleRoundDecider } from '../decider';
import { raffleRoundStream } from '../events';
import { type RaffleRound, winnersOf } from '../state';

/** What the round commands read besides the round itself: the campaign and the earlier rounds. */
@Injectable()
export class RoundContext {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** The campaign's clock (a rehearsal's own): every raffle rule that looks at "now" reads it here. */
  clockOf(campaign: Campaign): Clock {
    return campaignClock(campaign, this.clock);
  }

  /** The campaign's "now" (campaign_not_found if there is none). */
  async now(campaignId: string): Promise<string> {
    const { campaign } = await this.campaign(campaignId);
    return this.clockOf(campaign).now().toISOString();
  }

  /** The "now" of a certification's campaign; the real time for an unknown certification (the decider refuses it). */
  async nowOfCertification(certificationId: string): Promise<string> {
    const { state } = await this.store.aggregate(raffleCertificationStream(certificationId), raffleCertificationDecider);
    return state.status === 'none' ? this.clock.now().toISOString() : this.now(state.campaignId);
  }

  /** The campaign (campaign_not_found otherwise) and the version read, to append to it safely. */
  async campaign(campaignId: string): Promise<{ campaign: Campaign; version: number }> {
    const { state, version } = await this.store.aggregate(campaignStream(campaignId), campaignDecider);
    return { campaign: existingCampaign(state, campaignId), version };
  }

  /** Reads of a round: campaign_not_found, or raffle_round_not_found when the campaign has no such round. */
  async requireRound(campaignId: string, round: number): Promise<void> {
    const { campaign } = await this.campaign(campaignId);
    if (!this.periodOf(campaign, round)) throw new NotFoundError('raffle_round', `${campaignId} #${round}`);
  }

  periodOf(campaign: Campaign, round: number): Period | null {
    const found = campaign.raffle.rounds.find((r) => r.number === round);
    return found ? { startsOn: found.startsOn, endsOn: found.endsOn } : null;
  }

  round(campaignId: string, round: number): Promise<{ state: RaffleRound; version: number }> {
    return this.store.aggregate(raffleRoundStream(campaignId, round), raffleRoundDecider);
  }

  /** Whether rounds 1..round-1 are all drawn, and the persons who won them. */
  async earlierRounds(campaignId: string, round: number): Promise<{ allDrawn: boolean; winners: string[] }> {
    const earlier = await Promise.all(Array.from({ length: round - 1 }, (_, i) => this.round(campaignId, i + 1)));
    return {
      allDrawn: earlier.every(({ state }) => state.draw !== null),
      winners: earlier.flatMap(({ state }) => winnersOf(state)),
    };
  }
}
