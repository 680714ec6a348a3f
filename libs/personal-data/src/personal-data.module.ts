import { type DynamicModule, type FactoryProvider, type InjectionToken, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { Clock, SystemClock } from '@goodpay/shared';
import { AccessLog } from './access-log/access-log';
import { derivedKeysProvider } from './keys/derived-keys.provider';
import { PERSONAL_DATA_KEYS, type PersonalDataKeys } from './keys/personal-data-keys';
import { PhotoStore } from './photos/photo-store';
import { SubjectIndex } from './subject-index/subject-index';
import { SubjectKeys } from './subject-keys/subject-keys';
import { PersonalDataVault } from './vault/personal-data-vault';

export interface PersonalDataModuleAsyncOptions {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: FactoryProvider<PersonalDataKeys>['useFactory'];
}

const PROVIDERS: Provider[] = [
  derivedKeysProvider,
  SubjectKeys,
  SubjectIndex,
  AccessLog,
  PersonalDataVault,
  PhotoStore,
  // Its own clock, so the vault needs nothing but a DataSource; tests override Clock everywhere at once.
  { provide: Clock, useClass: SystemClock },
];

/**
 * The personal-data vault and photo store. Registered once by the app (global), so context
 * libraries just inject PersonalDataVault / PhotoStore. Uses the app's TypeORM DataSource.
 */
@Module({})
export class PersonalDataModule {
  static forRoot(keys: PersonalDataKeys): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      providers: [{ provide: PERSONAL_DATA_KEYS, useValue: keys }, ...PROVIDERS],
      exports: [PersonalDataVault, PhotoStore],
    };
  }

  /** The same, with the keys from configuration known only when the container is built. */
  static forRootAsync(options: PersonalDataModuleAsyncOptions): DynamicModule {
    return {
      module: PersonalDataModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: PERSONAL_DATA_KEYS, useFactory: options.useFactory, inject: options.inject ?? [] }, ...PROVIDERS],
      exports: [PersonalDataVault, PhotoStore],
    };
  }
}
