import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata } from '@nestjs/common';
import { EventStoreModule } from '@goodpay/event-store';
import { PHONE_CODE_CHANNEL, type PhoneCodeChannel, PhoneCodes } from './phone-verification/phone-codes';
import { IDENTITY_OPTIONS, type IdentityOptions, PersonKeys } from './person-key/person-keys';
import { IdentityVerifications } from './verification/identity-verifications';
import { type PortOneSettings, PortOneIdentityVerifications } from './verification/portone-identity-verifications';
import { RecordingIdentityVerifications } from './verification/recording-identity-verifications';
import { BindVerifiedIdentityHandler } from './verified-identity/bind-verified-identity.handler';

export interface IdentityModuleOptions extends IdentityOptions {
  /** IDENTITY_VERIFICATION: PortOne's settings, or `recording` for the built-in. */
  verifications: { kind: 'portone'; portone: PortOneSettings } | { kind: 'recording' };
  /** The SMS channel one-time codes go out on: one of libs/notification's channels, chosen by the app. */
  phoneCodeChannel: PhoneCodeChannel;
}

export interface IdentityModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: FactoryProvider<IdentityModuleOptions>['useFactory'];
}

const MODULE_OPTIONS = Symbol('identity-module-options');

/**
 * Verified identity: the binding command and the person key. Global, registered once per
 * process (like the personal-data vault it needs), so the contexts whose rules count persons
 * (the raffle) inject PersonKeys without importing this module's configuration.
 */
@Module({})
export class IdentityModule {
  static forRootAsync(options: IdentityModuleAsyncOptions): DynamicModule {
    return {
      module: IdentityModule,
      global: true,
      imports: [EventStoreModule, ...(options.imports ?? [])],
      providers: [
        { provide: MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        {
          provide: IDENTITY_OPTIONS,
          useFactory: (o: IdentityModuleOptions): IdentityOptions => ({ verifiedIdentityRequired: o.verifiedIdentityRequired }),
          inject: [MODULE_OPTIONS],
        },
        RecordingIdentityVerifications,
        {
          provide: IdentityVerifications,
          useFactory: (o: IdentityModuleOptions, recording: RecordingIdentityVerifications) =>
            o.verifications.kind === 'portone' ? new PortOneIdentityVerifications(o.verifications.portone) : recording,
          inject: [MODULE_OPTIONS, RecordingIdentityVerifications],
        },
        PersonKeys,
        BindVerifiedIdentityHandler,
        PhoneCodes,
        { provide: PHONE_CODE_CHANNEL, useFactory: (o: IdentityModuleOptions) => o.phoneCodeChannel, inject: [MODULE_OPTIONS] },
      ],
      exports: [PersonKeys, IdentityVerifications, RecordingIdentityVerifications, PhoneCodes],
    };
  }
}
