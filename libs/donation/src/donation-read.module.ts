import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStore, EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { DonationLedgerProjection } from './ledger/donation-ledger.projection';
import { DonationPledgesSubscriber } from './pledges/donation-pledges.subscriber';
import { DonationQueries } from './queries/donation-queries';

/**
 * The donation read side, for every process: registers the `donation-ledger` projection and
 * the `donation-pledges` subscriber (which turns settled pledges into donations) with the
 * process's Subscriptions, so the worker runs them, the api wakes and waits on them and the
 * CLI rebuilds them; provides the queries.
 */
@Module({
  imports: [EventStoreModule],
  providers: [DonationQueries],
  exports: [DonationQueries],
})
export class DonationReadModule implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    private readonly store: EventStore,
  ) {}

  onModuleInit(): void {
    this.subscriptions.register(new DonationLedgerProjection());
    this.subscriptions.register(new DonationPledgesSubscriber(this.store.schemas));
  }
}
