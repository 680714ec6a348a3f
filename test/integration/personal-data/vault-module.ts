import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type Sql, sqlOn } from '@goodpay/event-store';
import { personalDataMigrations, PersonalDataModule, type PersonalDataKeys, PersonalDataVault, PhotoStore } from '@goodpay/personal-data';
import { Clock, FixedClock } from '@goodpay/shared';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

export const KEYS: PersonalDataKeys = {
  masterKey: 'test-master-key-0123456789abcdef-0123456789abcdef',
  hashKey: 'test-hash-key-0123456789abcdef-0123456789abcdef',
};

export { JPEG, PNG } from '../../support/fixtures/photos';

export interface VaultApp {
  app: TestingModule;
  vault: PersonalDataVault;
  photos: PhotoStore;
  clock: FixedClock;
}

/**
 * The personal-data module alone, on `db`, with the given keys and a clock that stands still;
 * `async` registers it the way apps do, with keys known only when the container is built.
 */
export async function startVault(
  db: TestDatabase,
  { keys = KEYS, now = '2025-03-02T01:00:00Z', async = false }: { keys?: PersonalDataKeys; now?: string; async?: boolean } = {},
): Promise<VaultApp> {
  const clock = new FixedClock(new Date(now));
  const personalData = async ? PersonalDataModule.forRootAsync({ useFactory: async () => keys }) : PersonalDataModule.forRoot(keys);
  const app = await Test.createTestingModule({
    imports: [TypeOrmModule.forRoot({ type: 'postgres', url: db.url, extra: { max: 20 } }), personalData],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  await app.init();
  return { app, vault: app.get(PersonalDataVault), photos: app.get(PhotoStore), clock };
}

export interface VaultWorld extends VaultApp {
  db: TestDatabase;
  sql: Sql;
  close(): Promise<void>;
}

/** Its own database with only the vault's tables, and the module on it. */
export async function startVaultWorld(): Promise<VaultWorld> {
  const db = await createTestDatabase(personalDataMigrations);
  const started = await startVault(db);
  return {
    ...started,
    db,
    sql: sqlOn(db.dataSource),
    close: async () => {
      await started.app.close();
      await db.drop();
    },
  };
}

/** The DomainError a rejected promise carries. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a refusal');
}
