import type { PublishedDraw } from '../draw/verify-draw';
import type { DeclaredSource } from './events';
import type { RaffleRound } from './state';

/**
 * What a round shows the public: its declared randomness, its frozen list and hash, and once
 * drawn everything `raffle:verify` needs. Entry ids only: never a person.
 */
export interface PublishedRound {
  campaignId: string;
  round: number;
  status: 'open' | 'frozen' | 'draw_requested' | 'drawn';
  declaredSources: DeclaredSource[] | null;
  entryListHash: string | null;
  draw: (PublishedDraw & { winners: number; keyString: string; drawnAt: string }) | null;
}

export function publishedRound(campaignId: string, round: number, state: RaffleRound): PublishedRound {
  const status = state.draw ? 'drawn' : state.drawRequest ? 'draw_requested' : state.frozen ? 'frozen' : 'open';
  const { draw, frozen } = state;
  return {
    campaignId,
    round,
    status,
    declaredSources: state.randomness,
    entryListHash: frozen?.entryListHash ?? null,
    draw:
      draw && frozen
        ? {
            entries: frozen.entries,
            sources: draw.sources,
            quota: draw.quota,
            waitingListSize: draw.waitingListSize,
            entryListHash: draw.entryListHash,
            ranking: draw.ranking,
            winners: draw.winners,
            keyString: draw.keyString,
            drawnAt: draw.drawnAt,
          }
        : null,
  };
}
