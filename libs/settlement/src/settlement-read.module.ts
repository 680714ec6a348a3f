import { Module, type OnModuleInit } from '@nestjs/common';
import { EventStoreModule, Subscriptions } from '@goodpay/event-store';
import { SettlementLedgerProjection } from './ledger/settlement-ledger.projection';
import { SettlementQueries } from './queries/settlement-queries';

/**
 * The settlement read side: registers the `settlement-ledger` projection with the process's
 * Subscriptions (the worker runs it, the api waits on it, the CLI rebuilds it) and provides
 * the statements, payouts and reconciliation queries.
 */
@Module({
  imports: [EventStoreModule],
  providers: [SettlementQueries],
  exports: [SettlementQueries],
})
export class SettlementReadModule implements OnModuleInit {
  constructor(private readonly subscriptions: Subscriptions) {}

  onModuleInit(): void {
    this.subscriptions.register(new SettlementLedgerProjection());
  }
}
