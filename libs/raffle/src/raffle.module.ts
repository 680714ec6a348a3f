import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module, type ModuleMetadata } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { AwardTermsReader } from './awards/handlers/award-terms';
import { RAFFLE_AWARD_HANDLERS } from './awards/handlers/award.handlers';
import { RAFFLE_CERTIFICATION_HANDLERS } from './certification/handlers';
import { RaffleReadModule } from './certification/read-model/raffle-read.module';
import { RAFFLE_DRAW_QUEUE } from './draw-job/raffle-draw-queue';
import { RAFFLE_ERASURE_HANDLERS } from './erasure/erasure.handlers';
import { RaffleDrawProcessor } from './draw-job/raffle-draw.processor';
import { RAFFLE_SWEEP_QUEUE } from './sweep-job/raffle-sweep-queue';
import { RaffleSweepProcessor } from './sweep-job/raffle-sweep.processor';
import { RaffleSweepScheduler } from './sweep-job/raffle-sweep.scheduler';
import { RAFFLE_BEACON_QUEUE } from './beacon-job/raffle-beacon-queue';
import { RaffleBeaconProcessor } from './beacon-job/raffle-beacon.processor';
import { DRAND_RELAY, DrandRelay } from './sources/drand-relay';
import { RAFFLE_FREEZE_QUEUE } from './freeze-job/raffle-freeze-queue';
import { RaffleFreezeProcessor } from './freeze-job/raffle-freeze.processor';
import { RaffleFreezeScheduler } from './freeze-job/raffle-freeze.scheduler';
import { RAFFLE_ROUND_HANDLERS } from './round/handlers/round.handlers';
import { RoundContext } from './round/handlers/round-context';
import { RaffleRounds } from './round/raffle-rounds';

/**
 * The raffle commands (certifications, rounds, entries, draws, awards) and the queue draws are
 * triggered on. Needs the app's PersonalDataModule (global) for names, phones and photos.
 */
@Module({
  imports: [EventStoreModule, BullModule.registerQueue({ name: RAFFLE_DRAW_QUEUE })],
  providers: [
    ...RAFFLE_CERTIFICATION_HANDLERS,
    ...RAFFLE_ROUND_HANDLERS,
    ...RAFFLE_AWARD_HANDLERS,
    ...RAFFLE_ERASURE_HANDLERS,
    AwardTermsReader,
    RoundContext,
    RaffleRounds,
  ],
  exports: [RaffleRounds, RoundContext],
})
export class RaffleModule {}

export interface RaffleWorkerOptions {
  /** The drand HTTP relay the worker fetches beacons from (DRAND_URL); empty: staff paste them. */
  drandUrl: string;
}

/**
 * The worker side: the processor that runs triggered draws, the raffle's projection, the
 * freeze of each round at its declared time (checked every minute), the fetch of a frozen
 * round's drand beacons (when a relay is configured: `forRootAsync`), and the hourly sweep of
 * award deadlines and personal-data retention.
 */
@Module({
  imports: [
    EventStoreModule,
    RaffleModule,
    RaffleReadModule,
    BullModule.registerQueue({ name: RAFFLE_SWEEP_QUEUE }, { name: RAFFLE_FREEZE_QUEUE }, { name: RAFFLE_BEACON_QUEUE }),
  ],
  providers: [
    RaffleDrawProcessor,
    RaffleSweepScheduler,
    RaffleSweepProcessor,
    RaffleFreezeScheduler,
    RaffleFreezeProcessor,
    RaffleBeaconProcessor,
  ],
})
export class RaffleWorkerModule {
  static forRootAsync(options: {
    imports?: ModuleMetadata['imports'];
    inject?: unknown[];
    useFactory: (...args: never[]) => RaffleWorkerOptions;
  }): DynamicModule {
    return {
      module: RaffleWorkerModule,
      imports: options.imports ?? [],
      providers: [
        {
          provide: DRAND_RELAY,
          inject: (options.inject ?? []) as never[],
          useFactory: (...args: never[]) => {
            const { drandUrl } = options.useFactory(...args);
            return drandUrl ? new DrandRelay(drandUrl) : null;
          },
        },
      ],
    };
  }
}
