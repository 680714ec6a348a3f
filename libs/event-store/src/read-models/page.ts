import type { Sql } from '../sql/sql';

/**
 * Paged, filtered reads of a read-model table, shared by the campaign, merchant and
 * participant queries and any other read model (generic: it knows tables, not the domain).
 */
export interface PageRequest {
  /** 1 to MAX_PAGE_SIZE; DEFAULT_PAGE_SIZE when absent. */
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  /** How many match the filter, over all pages. */
  total: number;
  limit: number;
  offset: number;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** A WHERE clause built from the filters a caller gave; absent ones add nothing. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds `condition(param)` when `value` is given; `param` is the placeholder bound to it. */
  when(value: unknown, condition: (param: string) => string): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.conditions.push(condition(`$${this.params.length}`));
    return this;
  }

  get where(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

/** An ILIKE pattern matching text that contains `text` literally (its % and _ are not wildcards). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of `SELECT columns FROM table` under the filter, in a stable order, with the total. */
export async function selectPage<Row, T>(
  sql: Sql,
  query: { columns: string; from: string; filter: SqlFilter; orderBy: string },
  page: PageRequest,
  map: (row: Row) => T,
): Promise<Page<T>> {
  const limit = Math.min(Math.max(page.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const offset = Math.max(page.offset ?? 0, 0);
  const { columns, from, filter, orderBy } = query;
  const n = filter.params.length;
  const [rows, count] = await Promise.all([
    sql.query<Row>(`SELECT ${columns} FROM ${from} ${filter.where} ORDER BY ${orderBy} LIMIT $${n + 1} OFFSET $${n + 2}`, [
      ...filter.params,
      limit,
      offset,
    ]),
    sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${from} ${filter.where}`, filter.params),
  ]);
  return { items: rows.rows.map(map), total: count.rows[0].total, limit, offset };
}
