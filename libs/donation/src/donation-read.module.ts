import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { donationConsumers } from './consumers';
import { DonationQueries } from './queries/donation-queries';

/**
 * The donation read side, for every process: registers the `donation-ledger` projection and
 * the `donation-pledges` process manager (which turns settled pledges into donations) with the
 * process's Subscriptions, so the worker runs them, the api wakes and waits on them and the
 * CLI rebuilds them; provides the queries.
 */
@Module({
  imports: [EventStoreModule],
  providers: [DonationQueries],
  exports: [DonationQueries],
})
export class DonationReadModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    for (const consumer of donationConsumers()) this.subscriptions.register(consumer);
  }
}
