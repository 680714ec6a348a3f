import type { MigrationClass } from '@goodpay/platform';
import { randomUUID } from 'node:crypto';
import { BullModule } from '@nestjs/bullmq';
import type { DynamicModule, Type } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobSchedulersModule } from '@goodpay/platform';
import { type CommandContext, EventStore, eventStoreMigrations, type Sql, sqlOn, Subscriptions } from '@goodpay/event-store';
import { type Actor, Clock, FixedClock } from '@goodpay/shared';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { flushPrefix, TEST_REDIS_URL, uniqueQueuePrefix } from '../../support/test-redis';

/**
 * The campaign, merchant and participant integration tests' harness: the library modules on
 * their own database and queue prefix, with a clock that stands still.
 */
export interface CatalogueModule {
  app: TestingModule;
  commands: CommandBus;
  store: EventStore;
  subscriptions: Subscriptions;
  clock: FixedClock;
  sql: Sql;
  eventCount(): Promise<number>;
  /** Applies to `projection` every event committed so far. */
  caughtUp(projection: string): Promise<void>;
  /** Every row of `table`, in a stable order, for rebuild-equals-live checks. */
  rows(table: string, orderBy: string): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function startCatalogueModule(
  modules: (Type<unknown> | DynamicModule)[],
  migrations: MigrationClass[],
  now = '2025-01-10T03:00:00Z',
): Promise<CatalogueModule> {
  const db: TestDatabase = await createTestDatabase([...eventStoreMigrations, ...migrations]);
  const prefix = uniqueQueuePrefix();
  const clock = new FixedClock(new Date(now));
  const app = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'postgres', url: db.url, extra: { max: 30 } }),
      BullModule.forRoot({ connection: { url: TEST_REDIS_URL, maxRetriesPerRequest: null }, prefix }),
      CqrsModule.forRoot(),
      JobSchedulersModule.forRoot({ checkIntervalMs: 60_000 }),
      ...modules,
    ],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  await app.init();
  const sql = sqlOn(db.dataSource);
  const subscriptions = app.get(Subscriptions);
  return {
    app,
    commands: app.get(CommandBus),
    store: app.get(EventStore),
    subscriptions,
    clock,
    sql,
    eventCount: async () => (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n,
    caughtUp: async (projection) => {
      await subscriptions.catchUpCompletely(projection);
    },
    rows: async (table, orderBy) => (await sql.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`)).rows,
    close: async () => {
      await app.close();
      await flushPrefix(prefix);
      await db.drop();
    },
  };
}

/** A command's context for `actor`, with an Idempotency-Key when given. */
export const contextFor = (actor: Actor, idempotencyKey?: string): CommandContext => ({
  actor,
  correlationId: randomUUID(),
  idempotencyKey,
});

/** The DomainError code a rejected promise carries. */
export async function refusal(promise: Promise<unknown>): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: string; status: number };
  }
  throw new Error('expected a refusal');
}
