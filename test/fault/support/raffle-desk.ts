import { BullModule } from '@nestjs/bullmq';
import { TEST_IDENTITY } from '../../support/identity';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CampaignModule } from '@goodpay/campaign';
import { PersonalDataModule } from '@goodpay/personal-data';
import { RaffleModule, RaffleRounds } from '@goodpay/raffle';
import { Clock, FixedClock } from '@goodpay/shared';
import { KEYS } from '../../integration/personal-data/vault-module';
import { TEST_REDIS_URL } from '../../support/test-redis';

/** Staff's side of the raffle, in the test process, with a clock the test moves. */
export interface RaffleDesk {
  commands: CommandBus;
  rounds: RaffleRounds;
  clock: FixedClock;
  close(): Promise<void>;
}

/**
 * The campaign and raffle commands (no processor: draws are run by a spawned worker) on a
 * database and queue prefix the test shares with that worker. A spawned process cannot share
 * a moved clock, so the rounds are opened, closed and triggered here, on a standing clock.
 */
export async function startRaffleDesk(databaseUrl: string, queuePrefix: string, now: string): Promise<RaffleDesk> {
  const clock = new FixedClock(new Date(now));
  const app: TestingModule = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, extra: { max: 5 } }),
      BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix: queuePrefix }),
      CqrsModule.forRoot(),
      CampaignModule,
      RaffleModule,
      PersonalDataModule.forRoot(KEYS),
      TEST_IDENTITY,
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  await app.init();
  return { commands: app.get(CommandBus), rounds: app.get(RaffleRounds), clock, close: () => app.close() };
}
