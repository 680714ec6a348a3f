import { Injectable } from '@nestjs/common';
import { EventStore } from '@goodpay/event-store';
import { raffleRoundDecider } from './decider';
import { raffleRoundStream } from './events';
import { type PublishedRound, publishedRound } from './published-round';

/** Reads a round as published, straight from its stream (it is small and read rarely). */
@Injectable()
export class RaffleRounds {
  constructor(private readonly store: EventStore) {}

  async published(campaignId: string, round: number): Promise<PublishedRound> {
    const { state } = await this.store.aggregate(raffleRoundStream(campaignId, round), raffleRoundDecider);
    return publishedRound(campaignId, round, state);
  }
}
