import { Module } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { SettlementQueries } from './queries/settlement-queries';

/**
 * The settlement read side: the statements, payouts and reconciliation queries. Its
 * `settlement-ledger` projection is registered with the context's other consumers
 * (settlementConsumers) by SettlementModule and SettlementWorkerModule, which hold the options.
 */
@Module({
  imports: [EventStoreModule],
  providers: [SettlementQueries],
  exports: [SettlementQueries],
})
export class SettlementReadModule {}
