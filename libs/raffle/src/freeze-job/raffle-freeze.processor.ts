import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { FreezeRaffleEntriesCommand } from '../round/handlers/round-commands';
import { RoundContext } from '../round/handlers/round-context';
import { RAFFLE_FREEZE_QUEUE } from './raffle-freeze-queue';

/**
 * Freezes each round whose declared freeze time has come: the freeze is the worker's, at the
 * time published before the round opened, not a staff click at a moment of their choosing.
 * Idempotent (a frozen round freezes to nothing), so a doubled or retried job changes nothing.
 * A round whose earlier round is not drawn yet waits for it (its winners may not enter); no
 * entry can come in meanwhile: approvals stop at the review deadline, which is the freeze time.
 */
@Processor(RAFFLE_FREEZE_QUEUE)
export class RaffleFreezeProcessor extends WorkerHost {
  private readonly sql: Sql;

  constructor(
    private readonly commands: CommandBus,
    private readonly rounds: RoundContext,
    dataSource: DataSource,
  ) {
    super();
    this.sql = sqlOn(dataSource);
  }

  async process(job: Job): Promise<{ frozen: string[]; waiting: string[] }> {
    return this.freezeDueRounds(`raffle-freeze:${job.id}`, job.id ?? null);
  }

  /** The rounds frozen now, and those whose time has come but which wait for an earlier draw. */
  async freezeDueRounds(correlationId: string, causationId: string | null): Promise<{ frozen: string[]; waiting: string[] }> {
    // The campaigns with raffle entries: a round nobody entered has nothing to freeze.
    const { rows } = await this.sql.query<{ campaign_id: string }>(
      'SELECT DISTINCT campaign_id FROM raffle_certifications ORDER BY campaign_id',
    );
    const frozen: string[] = [];
    const waiting: string[] = [];
    for (const { campaign_id: campaignId } of rows) {
      const { campaign } = await this.rounds.campaign(campaignId).catch(() => ({ campaign: null }));
      // A deleted rehearsal has nothing left to freeze.
      if (!campaign) continue;
      // Each campaign's own clock: a rehearsal's rounds freeze on its time.
      const now = this.rounds.clockOf(campaign).now().toISOString();
      for (const { number } of campaign.raffle.rounds) {
        const { state } = await this.rounds.round(campaignId, number);
        if (state.frozen || !state.timeline || state.timeline.freezeAt > now) continue;
        try {
          await this.commands.execute(
            new FreezeRaffleEntriesCommand({ actor: SYSTEM_ACTOR, correlationId, causationId }, campaignId, number),
          );
          frozen.push(`${campaignId}/${number}`);
        } catch (error) {
          if ((error as { code?: string }).code !== 'earlier_round_not_drawn') throw error;
          waiting.push(`${campaignId}/${number}`);
        }
      }
    }
    return { frozen, waiting };
  }
}
