import type { DataSource, QueryRunner } from 'typeorm';
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { pgPoolOf, poolQuery, readPoolOf } from './pg-pool';

/**
 * The one way our code talks SQL: a query with numbered parameters, answered like `pg`
 * answers it. Projections receive it inside their transaction, the store uses it for
 * everything, and it hides TypeORM's varying return shapes (rows for SELECT/INSERT,
 * [rows, count] for UPDATE/DELETE).
 */
export interface Sql {
  /**
   * With a `name`, a prepared statement: parsed once per connection and planned as PostgreSQL's
   * plan cache decides (a generic plan once it costs no more than planning each time), for the
   * store's own statements that run on every command or batch. A name always carries the same
   * text. Only for a statement whose plan is right whatever the size of what it reads: a generic
   * plan is kept for the connection's life, and one made on a nearly empty table may scan it
   * once it is full (the event reads go through event_positions_after instead, see its migration).
   */
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], name?: string): Promise<SqlResult<Row>>;
}

export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

class QueryRunnerSql implements Sql {
  constructor(private readonly runner: QueryRunner) {}

  async query<Row>(text: string, params: readonly unknown[] = [], name?: string): Promise<SqlResult<Row>> {
    if (name) {
      // TypeORM's runner cannot name a statement: its connection (a pg client) can.
      const client = (this.runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
      const result = await client.query<Row & QueryResultRow>({ name, text, values: params as unknown[] });
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    }
    const result = await this.runner.query(text, params as unknown[], true);
    return { rows: (result.records ?? []) as Row[], rowCount: result.affected ?? 0 };
  }
}

/** Runs `work` on one pooled connection, outside any transaction (each statement commits). */
export async function withConnection<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    return await work(new QueryRunnerSql(runner));
  } finally {
    await runner.release();
  }
}

/** Runs `work` in one READ COMMITTED transaction: commits if it returns, rolls back if it throws. */
export async function inTransaction<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const result = await work(new QueryRunnerSql(runner));
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

/** `Sql` on a `pg` pool, each statement autocommitted. */
export const poolSql = (pool: () => Pool): Sql => ({
  query: <Row>(text: string, params: readonly unknown[] = [], name?: string) =>
    poolQuery(pool(), text, params, name) as Promise<SqlResult<Row>>,
});

/** One statement on the pool, autocommitted (on the `pg` pool itself: no query runner for one statement). */
export function sqlOn(dataSource: DataSource): Sql {
  return poolSql(() => pgPoolOf(dataSource));
}

/**
 * Like sqlOn, on the read replica when one is configured (DATABASE_READ_URL): for the queries
 * that answer clients from read models. Such a read may lag the primary; a reader that must see
 * its own write passes `?after=`, which waits until the replica has replayed that far.
 */
export function readSqlOn(dataSource: DataSource): Sql {
  return poolSql(() => readPoolOf(dataSource));
}
