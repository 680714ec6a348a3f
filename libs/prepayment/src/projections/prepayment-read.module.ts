import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { PrepaymentInvariants } from '../invariants/prepayment-invariants';
import { PrepaymentQueries } from '../queries/prepayment-queries';
import { prepaymentConsumers } from './prepayment-projections';

/**
 * The prepayment read side: registers the projections (prepayment-balances, merchant-ledger,
 * campaign-dashboard) with the process's Subscriptions, so the worker runs them, the api wakes
 * them and waits on them, and the CLI rebuilds them; provides the queries and the invariant
 * check. Needs the app's DataSource and BullMQ connection (PlatformModule), like EventStoreModule.
 */
@Module({
  imports: [EventStoreModule],
  providers: [PrepaymentQueries, PrepaymentInvariants],
  exports: [PrepaymentQueries, PrepaymentInvariants],
})
export class PrepaymentReadModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    for (const projection of prepaymentConsumers()) this.subscriptions.register(projection);
  }
}
