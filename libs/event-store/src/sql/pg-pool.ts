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
