import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { RaffleAwards } from '../../awards/raffle-awards';
import { RoundContext } from '../../round/handlers/round-context';
import { raffleConsumers } from '../../consumers';
import { RaffleCertifications } from './certification-queries';

/**
 * The raffle read side: registers the raffle's consumers (the raffle-certifications projection,
 * the raffle-draws reactor) with the process's Subscriptions (the worker runs it, the api wakes and waits on it, the CLI rebuilds it) and
 * provides the certification and award reads (winner lists). Needs the app's PersonalDataModule (global).
 */
@Module({
  imports: [EventStoreModule],
  providers: [RaffleCertifications, RaffleAwards, RoundContext],
  exports: [RaffleCertifications, RaffleAwards],
})
export class RaffleReadModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    for (const consumer of raffleConsumers()) this.subscriptions.register(consumer);
  }
}
