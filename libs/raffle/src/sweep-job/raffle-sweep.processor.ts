import { Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { SYSTEM_ACTOR } from '@goodpay/shared';
import { SettleRaffleAwardsCommand } from '../awards/handlers/award-commands';
import { SweepRafflePersonalDataCommand } from '../erasure/erasure-commands';
import { RAFFLE_SWEEP_QUEUE } from './raffle-sweep-queue';

/**
 * The scheduled sweep: in every campaign with certifications, prizes past their confirmation
 * deadline are forfeited and the waiting lists move up (the same step staff can run), then
 * personal data the raffle no longer needs is destroyed. Both steps are idempotent, so a
 * retried or doubled job changes nothing more. A failing campaign does not hold up the others.
 */
@Processor(RAFFLE_SWEEP_QUEUE)
export class RaffleSweepProcessor extends WorkerHost {
  private readonly sql: Sql;

  constructor(
    private readonly commands: CommandBus,
    dataSource: DataSource,
  ) {
    super();
    this.sql = sqlOn(dataSource);
  }

  async process(job: Job): Promise<{ campaigns: number; awarded: number; forfeited: number; erased: number }> {
    const context = () => ({ actor: SYSTEM_ACTOR, correlationId: `raffle-sweep:${job.id}`, causationId: job.id ?? null });
    const { rows } = await this.sql.query<{ campaign_id: string }>(
      'SELECT DISTINCT campaign_id FROM raffle_certifications ORDER BY campaign_id',
    );
    let awarded = 0;
    let forfeited = 0;
    const failures: string[] = [];
    for (const { campaign_id } of rows) {
      try {
        const settled = await this.commands.execute(new SettleRaffleAwardsCommand(context(), campaign_id));
        awarded += settled.response.awarded;
        forfeited += settled.response.forfeited;
      } catch (error) {
        failures.push(`${campaign_id}: ${(error as Error).message}`);
      }
    }
    const swept = await this.commands.execute(new SweepRafflePersonalDataCommand(context()));
    if (failures.length > 0) throw new Error(`raffle sweep failed for ${failures.length} campaign(s): ${failures.join('; ')}`);
    return { campaigns: rows.length, awarded, forfeited, erased: swept.response.erased };
  }
}
