import type { Pool, QueryResultRow } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * The `pg` pool behind a TypeORM DataSource: TypeORM keeps the connection's configuration and
 * runs the migrations, the event store talks to the pool itself. A TypeORM query runner per
 * statement (connect, query, release, result reshaping) was a visible part of every command.
 */
export function pgPoolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (!pool) throw new Error('the event store needs an initialised PostgreSQL DataSource');
  return pool;
}

/**
 * The pool the queries read from: the DataSource's read replica when it has one (TypeORM's
 * `replication`, configured from DATABASE_READ_URL), else the primary's pool. Only for reads
 * that may lag: commands, consumers and anything that decides read the primary.
 */
export function readPoolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { slaves?: Pool[] }).slaves?.[0] ?? pgPoolOf(dataSource);
}

/** Whether the queries of this DataSource read a replica, which replays the primary with a lag. */
export function readsFromReplica(dataSource: DataSource): boolean {
  return ((dataSource.driver as unknown as { slaves?: Pool[] }).slaves?.length ?? 0) > 0;
}

/**
 * One statement on the pool, autocommitted. With a `name` it is a prepared statement: parsed
 * and planned once per connection, then only bound and run (the name must always carry the
 * same text).
 */
export async function poolQuery<Row extends QueryResultRow>(
  pool: Pool,
  text: string,
  values: readonly unknown[],
  name?: string,
): Promise<{ rows: Row[]; rowCount: number }> {
  const result = await pool.query<Row>({ name, text, values: values as unknown[] });
  return { rows: result.rows, rowCount: result.rowCount ?? 0 };
}
