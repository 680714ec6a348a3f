import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { RAFFLE_DRAW_QUEUE } from './draw-job/raffle-draw-queue';
import { RaffleDrawProcessor } from './draw-job/raffle-draw.processor';
import { RafflePolicies } from './policy/raffle-policies';
import { RAFFLE_ROUND_HANDLERS } from './round/handlers/round.handlers';
import { RoundContext } from './round/handlers/round-context';
import { RaffleRounds } from './round/raffle-rounds';

/** The raffle commands (rounds, entries, draws) and the queue draws are triggered on. */
@Module({
  imports: [EventStoreModule, BullModule.registerQueue({ name: RAFFLE_DRAW_QUEUE })],
  providers: [...RAFFLE_ROUND_HANDLERS, RoundContext, RafflePolicies, RaffleRounds],
  exports: [RafflePolicies, RaffleRounds],
})
export class RaffleModule {}

/** The worker side: the processor that runs triggered draws. */
@Module({
  imports: [RaffleModule],
  providers: [RaffleDrawProcessor],
})
export class RaffleWorkerModule {}
