import { CampaignClocks } from '@goodpay/campaign';
import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { SETTLEMENT_COMMAND_HANDLERS } from './handlers';
import {
  type ResolvedSettlementOptions,
  resolveSettlementOptions,
  SETTLEMENT_OPTIONS,
  type SettlementOptions,
} from './options/settlement-options';
import { BankFilePayoutAdapter } from './bank-file/bank-file-payout.adapter';
import { PayoutFiles } from './bank-file/payout-files';
import { AccountHolderCheck } from './payout-account/holder-check/account-holder-check';
import { PortOneV1AccountHolderCheck } from './payout-account/holder-check/portone-v1-account-holder-check';
import { RecordingAccountHolderCheck } from './payout-account/holder-check/recording-account-holder-check';
import { PayoutAccounts } from './payout-account/payout-accounts';
import { PayoutAdapter } from './payout/payout-adapter';
import { RecordingBankTransferAdapter } from './payout/recording-bank-transfer.adapter';
import { PayoutRunner } from './run/payout-runner';
import { SettlementJobs } from './run/settlement-jobs';
import { SETTLEMENT_QUEUE } from './run/settlement-queue';
import { SettlementRun } from './run/settlement-run';
import { SettlementScheduler } from './run/settlement-scheduler';
import { SettlementProcessor } from './run/settlement.processor';
import { SettlementReadModule } from './settlement-read.module';
import { SettlementConsumersRegistrar } from './settlement-consumers.registrar';

/** Options from the app's configuration, e.g. `inject: [AppConfig]`. */
export interface SettlementAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: FactoryProvider<SettlementOptions>['useFactory'];
}

const optionsFrom = (options: SettlementOptions): Provider => ({
  provide: SETTLEMENT_OPTIONS,
  useValue: resolveSettlementOptions(options),
});
const optionsFromAsync = ({ inject = [], useFactory }: SettlementAsyncOptions): Provider => ({
  provide: SETTLEMENT_OPTIONS,
  inject,
  useFactory: async (...args: unknown[]) => resolveSettlementOptions(await useFactory(...args)),
});

/** The payout adapter and the account-holder check the options name (recording ones unless configured). */
const edges: Provider[] = [
  RecordingBankTransferAdapter,
  BankFilePayoutAdapter,
  {
    provide: PayoutAdapter,
    inject: [SETTLEMENT_OPTIONS, RecordingBankTransferAdapter, BankFilePayoutAdapter],
    useFactory: (options: ResolvedSettlementOptions, recording: RecordingBankTransferAdapter, bankFile: BankFilePayoutAdapter) =>
      options.payoutAdapter === 'bank-file' ? bankFile : recording,
  },
  RecordingAccountHolderCheck,
  {
    provide: AccountHolderCheck,
    inject: [SETTLEMENT_OPTIONS, RecordingAccountHolderCheck],
    useFactory: ({ accountHolderCheck: setting }: ResolvedSettlementOptions, recording: RecordingAccountHolderCheck) =>
      setting.kind === 'portone-v1' ? new PortOneV1AccountHolderCheck(setting) : recording,
  },
];

/** What both sides share: the store, the read side, the queue and its job ids, the edges, accounts and files. */
const common = (options: Provider, imports: ModuleMetadata['imports'] = []) => ({
  imports: [EventStoreModule, SettlementReadModule, BullModule.registerQueue({ name: SETTLEMENT_QUEUE }), ...imports],
  providers: [options, SettlementConsumersRegistrar, SettlementJobs, CampaignClocks, ...edges, PayoutAccounts, PayoutFiles],
  exports: [
    SettlementReadModule,
    SettlementJobs,
    RecordingBankTransferAdapter,
    PayoutAdapter,
    RecordingAccountHolderCheck,
    AccountHolderCheck,
    PayoutAccounts,
    PayoutFiles,
    SETTLEMENT_OPTIONS,
  ],
});

/**
 * The api side of settlement: staff commands (retry a payout, run a day by hand) and the read
 * side. `SettlementModule.forRootAsync({ inject: [AppConfig], useFactory: ... })` in the apps.
 */
@Module({})
export class SettlementModule {
  static forRoot(options: SettlementOptions = {}): DynamicModule {
    return SettlementModule.build(optionsFrom(options));
  }

  static forRootAsync(options: SettlementAsyncOptions): DynamicModule {
    return SettlementModule.build(optionsFromAsync(options), options.imports);
  }

  private static build(options: Provider, imports?: ModuleMetadata['imports']): DynamicModule {
    const shared = common(options, imports);
    return { module: SettlementModule, ...shared, providers: [...shared.providers, ...SETTLEMENT_COMMAND_HANDLERS] };
  }
}

/**
 * The worker side: the daily job scheduler (Asia/Seoul), the day runs and the payouts on the
 * `settlement` queue. The bank is chosen by the `payoutAdapter` option (or by overriding PayoutAdapter).
 */
@Module({})
export class SettlementWorkerModule {
  static forRoot(options: SettlementOptions = {}): DynamicModule {
    return SettlementWorkerModule.build(optionsFrom(options));
  }

  static forRootAsync(options: SettlementAsyncOptions): DynamicModule {
    return SettlementWorkerModule.build(optionsFromAsync(options), options.imports);
  }

  private static build(options: Provider, imports?: ModuleMetadata['imports']): DynamicModule {
    const shared = common(options, imports);
    return {
      module: SettlementWorkerModule,
      ...shared,
      providers: [...shared.providers, SettlementRun, PayoutRunner, SettlementProcessor, SettlementScheduler],
      exports: [...shared.exports, SettlementRun, PayoutRunner],
    };
  }
}
