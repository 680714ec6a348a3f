import { Module } from '@nestjs/common';
import { RaffleModule } from '@goodpay/raffle';
import { AuthModule } from '../auth/auth.module';
import { RaffleRoundsController } from './raffle-rounds.controller';

/** Raffle rounds over HTTP: staff declare, close and trigger; the public reads the result. */
@Module({
  imports: [AuthModule, RaffleModule],
  controllers: [RaffleRoundsController],
})
export class RaffleHttpModule {}
