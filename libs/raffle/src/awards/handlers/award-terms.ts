import { Injectable } from '@nestjs/common';
import type { CommandContext } from '@goodpay/event-store';

import type { AwardTerms, RankedEntry } from '../../places/commands';
import { rafflePolicyOf } from '../../policy/raffle-policy';
import { RoundContext } from '../../round/handlers/round-context';

/**
 * What award decisions read besides the places stream: the campaign's prize and budget, the
 * policy, and each drawn round's ranking with who every entry is. Drawn rounds never change,
 * so reading them outside the places stream's version check is safe.
 */
@Injectable()
export class AwardTermsReader {
  constructor(private readonly rounds: RoundContext) {}

  async read(context: CommandContext, campaignId: string): Promise<AwardTerms> {
    const { campaign } = await this.rounds.campaign(campaignId);
    const policy = rafflePolicyOf(campaign);
    const states = await Promise.all(
      campaign.raffle.rounds.map(async ({ number }) => ({ round: number, state: (await this.rounds.round(campaignId, number)).state })),
    );
    const drawnRounds = states.flatMap(({ round, state }) =>
      state.draw
        ? [
            {
              round,
              ranking: state.draw.ranking.map((entryId): RankedEntry => ({
                entryId,
                personId: state.personByEntry.get(entryId) ?? entryId,
                certificationId: state.certificationByEntry.get(entryId) ?? '',
              })),
            },
          ]
        : [],
    );
    return {
      campaignId,
      actor: context.actor,
      now: this.rounds.clockOf(campaign).now().toISOString(),
      prize: campaign.raffle.prize,
      budget: campaign.raffle.budget,
      confirmationDeadlineDays: policy.confirmationDeadlineDays,
      excludeEarlierWinners: policy.excludeEarlierWinners,
      drawnRounds,
    };
  }
}
