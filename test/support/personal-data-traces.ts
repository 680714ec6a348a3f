import { createHmac } from 'node:crypto';
import { normaliseKoreanMobile, type PersonalDataKeys } from '@goodpay/personal-data';
import { deriveKeys } from '../../libs/personal-data/src/keys/personal-data-keys';

/**
 * Everything that would link a database back to a phone: the number in the forms people write
 * it, its legacy person id (HMAC under the hash key) and its index lookup (HMAC under the
 * index key), each as hex, the way a row's text shows a bytea.
 */
export function tracesOfPhone(keys: PersonalDataKeys, phone: string): string[] {
  const digits = normaliseKoreanMobile(phone);
  const derived = deriveKeys(keys);
  return [
    digits,
    `${digits.slice(0, 3)}-${digits.slice(3, -4)}-${digits.slice(-4)}`,
    digits.slice(1), // +82 10...
    createHmac('sha256', derived.legacyPersonId).update(digits).digest('hex'),
    createHmac('sha256', derived.subjectIndex).update(`korean_mobile:${digits}`).digest('hex'),
  ];
}

/** The Sql of the event store, or anything that answers a query with its rows (a running system's). */
export interface RowsQuery {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Every place in the database that holds one of `needles` in clear: each row of every table
 * of the public schema as text (the events' data and metadata included, bytea as hex).
 * Returns "table: needle" for each hit, so an assertion names where a trace survived.
 */
export async function tracesInDatabase(sql: RowsQuery, needles: readonly string[]): Promise<string[]> {
  const { rows: tables } = await sql.query(
    `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { name } of tables as { name: string }[]) {
    const { rows } = await sql.query(
      `SELECT needle FROM unnest($1::text[]) AS needle WHERE EXISTS (SELECT 1 FROM ${name} t WHERE strpos(lower(t::text), lower(needle)) > 0)`,
      [needles],
    );
    hits.push(...(rows as { needle: string }[]).map((r) => `${name}: ${r.needle}`));
  }
  return hits;
}
