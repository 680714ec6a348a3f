import type { Sql } from '../sql/sql';

/**
 * A projection rebuilt side by side writes into copies of its tables in a schema of its own
 * while the live tables go on serving (and being kept up to date); once the copies have caught
 * up, they take the live tables' place in one short transaction.
 */

/** The schema a projection's rebuild writes into: one per projection, so two rebuilds never meet. */
export const shadowSchemaOf = (projection: string): string => `rebuild_${projection.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase()}`;

/**
 * Creates empty copies of `tables` in `schema` (replacing any a failed rebuild left): columns,
 * defaults, identity and checks (LIKE), then (unless `bare`) their keys and indexes under their
 * own names, so that after the swap a later migration finds each by the name it gave it. The
 * foreign keys among them come after the bulk (addShadowForeignKeys); so do the keys and
 * indexes of bare copies (addShadowKeysAndIndexes).
 */
export async function createShadowTables(
  sql: Sql,
  schema: string,
  tables: readonly string[],
  { bare = false }: { bare?: boolean } = {},
): Promise<void> {
  await sql.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await sql.query(`CREATE SCHEMA ${schema}`);
  for (const table of tables) {
    await sql.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL EXCLUDING INDEXES)`);
  }
  if (!bare) await addShadowKeysAndIndexes(sql, schema, tables);
}

/**
 * Adds the live tables' keys (primary, unique, exclusion) and other indexes to the copies.
 * Added to copies already filled, each is built in one sort of their rows instead of an
 * insertion per row, and a key checks every row all the same: a duplicate fails the rebuild.
 */
export async function addShadowKeysAndIndexes(sql: Sql, schema: string, tables: readonly string[]): Promise<void> {
  const indexes = await sql.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
     WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`,
    [tables],
  );
  // Read before the path changes: under it, the names would resolve to the copies.
  const keys = await constraintsOf(sql, tables, 'pux');
  // Definitions name tables unqualified (or as public.x): under this path they are the copies.
  await sql.query(`SET LOCAL search_path TO ${schema}, public`);
  for (const key of keys) {
    await sql.query(`ALTER TABLE ${schema}.${key.table_name} ADD CONSTRAINT ${key.name} ${key.definition}`);
  }
  for (const index of indexes.rows) await sql.query(index.definition.replace(/ ON (ONLY )?public\./, ` ON $1${schema}.`));
  await sql.query(`SET LOCAL search_path TO public`);
}

/**
 * Adds the live tables' foreign keys among `tables` to the copies, each checked over all their
 * rows in one pass. After the bulk rather than from the start: checked row by row, they were
 * the largest part of writing a row into the copies (a lookup and a row lock on the
 * referenced row each). What the bulk wrote is checked all the same, before the copies can
 * take the live tables' place; a row without its referenced row fails the rebuild.
 */
export async function addShadowForeignKeys(sql: Sql, schema: string, tables: readonly string[]): Promise<void> {
  const foreignKeys = await constraintsOf(sql, tables, 'f');
  await sql.query(`SET LOCAL search_path TO ${schema}, public`);
  for (const fk of foreignKeys) {
    await sql.query(`ALTER TABLE ${schema}.${fk.table_name} ADD CONSTRAINT ${fk.name} ${fk.definition}`);
  }
  await sql.query(`SET LOCAL search_path TO public`);
}

/** The live tables' constraints of these kinds (pg_constraint.contype letters), as definitions to repeat on the copies. */
async function constraintsOf(
  sql: Sql,
  tables: readonly string[],
  types: string,
): Promise<{ table_name: string; name: string; definition: string }[]> {
  const { rows } = await sql.query<{ table_name: string; name: string; definition: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
     FROM pg_constraint c
     WHERE c.contype = ANY($2::"char"[]) AND c.connamespace = 'public'::regnamespace AND c.conrelid::regclass::text = ANY($1::text[])`,
    [tables, types.split('')],
  );
  return rows;
}

/** Statistics for the copies, which a rebuild fills from nothing: the planner's picture of their size. */
export async function analyzeShadowTables(sql: Sql, schema: string, tables: readonly string[]): Promise<void> {
  await sql.query(`ANALYZE ${tables.map((table) => `${schema}.${table}`).join(', ')}`);
}

/**
 * Puts the copies in the live tables' place: the live ones move to a schema that is then
 * dropped (their indexes and constraints with them), the copies move to public. Table names
 * stay, so every query, view of the code and grant written against them finds the new rows.
 */
export async function swapInShadowTables(sql: Sql, schema: string, tables: readonly string[]): Promise<void> {
  const retired = `${schema}_retired`;
  await sql.query(`DROP SCHEMA IF EXISTS ${retired} CASCADE`);
  await sql.query(`CREATE SCHEMA ${retired}`);
  for (const table of tables) await sql.query(`ALTER TABLE public.${table} SET SCHEMA ${retired}`);
  for (const table of tables) await sql.query(`ALTER TABLE ${schema}.${table} SET SCHEMA public`);
  await sql.query(`DROP SCHEMA ${retired} CASCADE`);
  await sql.query(`DROP SCHEMA ${schema} CASCADE`);
}
