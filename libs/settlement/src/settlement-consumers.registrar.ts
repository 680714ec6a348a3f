import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Subscriptions } from '@goodpay/event-store';
import { settlementConsumers } from './consumers';
import { type ResolvedSettlementOptions, SETTLEMENT_OPTIONS } from './options/settlement-options';

/** Registers the settlement context's consumers with the process's Subscriptions, with the process's options. */
@Injectable()
export class SettlementConsumersRegistrar implements OnModuleInit {
  constructor(
    private readonly subscriptions: Subscriptions,
    @Inject(SETTLEMENT_OPTIONS) private readonly options: ResolvedSettlementOptions,
  ) {}

  onModuleInit(): void {
    // Once per process, though an app (standalone) holds both the api and the worker module.
    for (const consumer of settlementConsumers(this.options)) {
      if (!this.subscriptions.names().includes(consumer.name)) this.subscriptions.register(consumer);
    }
  }
}
