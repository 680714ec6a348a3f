import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Job, UnrecoverableError } from 'bullmq';
import { Clock, SYSTEM_ACTOR } from '@goodpay/shared';
import { RecordRaffleDrandBeaconsCommand } from '../round/handlers/round-commands';
import { RoundContext } from '../round/handlers/round-context';
import { DRAND_RELAY, type DrandRelay } from '../sources/drand-relay';
import { RAFFLE_BEACON_QUEUE, type RaffleBeaconJob } from './raffle-beacon-queue';

export type BeaconOutcome = 'no_drand_source' | 'no_relay_configured' | 'already_requested' | 'recorded';

/**
 * Fetches a frozen round's drand beacons from the configured relay (DRAND_URL) once their round
 * is produced, and records them through the round decider, which verifies each BLS signature
 * first. A round not produced yet, or a relay that does not have it or does not answer, throws:
 * the job retries with backoff. A bad signature is final for this job (nothing is recorded; it
 * stays in the failed set) and staff paste the value instead.
 */
@Processor(RAFFLE_BEACON_QUEUE)
export class RaffleBeaconProcessor extends WorkerHost {
  private readonly logger = new Logger(RaffleBeaconProcessor.name);

  constructor(
    private readonly commands: CommandBus,
    private readonly rounds: RoundContext,
    private readonly clock: Clock,
    @Optional() @Inject(DRAND_RELAY) private readonly relay: DrandRelay | null = null,
  ) {
    super();
  }

  async process(job: Job<RaffleBeaconJob>): Promise<{ outcome: BeaconOutcome }> {
    return { outcome: await this.fetchAndRecord(job.data, job.id ?? null) };
  }

  async fetchAndRecord({ campaignId, round, correlationId }: RaffleBeaconJob, causationId: string | null): Promise<BeaconOutcome> {
    const { state } = await this.rounds.round(campaignId, round);
    const drand = (state.randomness ?? []).flatMap((source, sourceIndex) =>
      source.kind === 'drand' && !state.beacons[sourceIndex] ? [{ source, sourceIndex }] : [],
    );
    if (state.drawRequest) return 'already_requested';
    if (drand.length === 0) return 'no_drand_source';
    if (!this.relay) return 'no_relay_configured';
    const now = this.clock.now().toISOString();
    const beacons = [];
    for (const { source, sourceIndex } of drand) {
      if (now < source.roundTime) throw new Error(`drand round ${source.round} is produced at ${source.roundTime}`);
      const beacon = await this.relay.beacon(source.chain, source.round);
      if (!beacon) throw new Error(`the drand relay does not have round ${source.round} yet`);
      beacons.push({ sourceIndex, beacon });
    }
    try {
      await this.commands.execute(
        new RecordRaffleDrandBeaconsCommand({ actor: SYSTEM_ACTOR, correlationId, causationId }, campaignId, round, beacons),
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'drand_signature_invalid') throw error;
      this.logger.error(`round ${campaignId}/${round}: the drand relay served a beacon whose signature does not verify; nothing recorded`);
      throw new UnrecoverableError((error as Error).message);
    }
    return 'recorded';
  }
}
