import type { DataSource } from 'typeorm';
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

/** `Sql` on one `pg` connection (a transaction's). */
const clientSql = (client: PoolClient): Sql => ({
  async query<Row>(text: string, params: readonly unknown[] = [], name?: string): Promise<SqlResult<Row>> {
    const result = await client.query<Row & QueryResultRow>({ name, text, values: params as unknown[] });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  },
});

/** Runs `work` on one pooled connection, outside any transaction (each statement commits). */
export async function withConnection<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const { client, done } = await checkOutConnection(dataSource);
  try {
    return await work(clientSql(client));
  } finally {
    done();
  }
}

/**
 * A connection from the pool, and how to give it back. While it is out the pool does not listen
 * to it: the server ending it between two statements (a restart, a failover) would be an
 * 'error' event with no listener, thrown at the process. Listened to here; a connection that
 * failed so (or could not roll back) is closed on return, not given to the next caller.
 */
export async function checkOutConnection(dataSource: DataSource): Promise<{ client: PoolClient; done: (failure?: Error) => void }> {
  const client = await pgPoolOf(dataSource).connect();
  let broken: Error | undefined;
  const onError = (error: Error) => (broken = error);
  client.on('error', onError);
  return {
    client,
    done: (failure) => {
      client.removeListener('error', onError);
      client.release(broken ?? failure);
    },
  };
}

/**
 * Runs `work` in one READ COMMITTED transaction: commits if it returns, rolls back if it throws.
 * On the `pg` pool itself, like every statement of ours: a TypeORM query runner around each
 * transaction and statement (its events, its result reshaping) was a visible share of the
 * worker's CPU, which runs a transaction per consumer batch.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (sql: Sql) => Promise<T>): Promise<T> {
  const { client, done } = await checkOutConnection(dataSource);
  /** A connection that could not roll back is in an unknown state: closed, not returned to the pool. */
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work(clientSql(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
    throw error;
  } finally {
    done(broken);
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
