import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { AwardTermsReader } from './awards/handlers/award-terms';
import { RAFFLE_AWARD_HANDLERS } from './awards/handlers/award.handlers';
import { RAFFLE_CERTIFICATION_HANDLERS } from './certification/handlers';
import { RaffleReadModule } from './certification/read-model/raffle-read.module';
import { RAFFLE_DRAW_QUEUE } from './draw-job/raffle-draw-queue';
import { RAFFLE_ERASURE_HANDLERS } from './erasure/erasure.handlers';
import { RaffleDrawProcessor } from './draw-job/raffle-draw.processor';
import { RafflePolicies } from './policy/raffle-policies';
import { RAFFLE_SWEEP_QUEUE } from './sweep-job/raffle-sweep-queue';
import { RaffleSweepProcessor } from './sweep-job/raffle-sweep.processor';
import { RaffleSweepScheduler } from './sweep-job/raffle-sweep.scheduler';
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
    RafflePolicies,
    RaffleRounds,
  ],
  exports: [RafflePolicies, RaffleRounds, RoundContext],
})
export class RaffleModule {}

/**
 * The worker side: the processor that runs triggered draws, the raffle's projection, the
 * freeze of each round at its declared time (checked every minute), and the hourly sweep of
 * award deadlines and personal-data retention.
 */
@Module({
  imports: [
    EventStoreModule,
    RaffleModule,
    RaffleReadModule,
    BullModule.registerQueue({ name: RAFFLE_SWEEP_QUEUE }, { name: RAFFLE_FREEZE_QUEUE }),
  ],
  providers: [RaffleDrawProcessor, RaffleSweepScheduler, RaffleSweepProcessor, RaffleFreezeScheduler, RaffleFreezeProcessor],
})
export class RaffleWorkerModule {}
