import { inTransaction, type LogRange, planShortRangesOnce, type Sql } from '@goodpay/event-store';
import { PrepaymentBalancesProjection } from '@goodpay/prepayment';
import { PrepaymentWorld } from './prepayment-world';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/** A parameter as an SQL literal (EXECUTE takes no bound parameters): text, or an array of text. */
const literal = (value: unknown): string =>
  Array.isArray(value) ? `ARRAY[${value.map(literal).join(', ')}]` : `'${String(value).replace(/'/g, "''")}'`;

/** Every node of a plan, depth first. */
const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];

/**
 * Whether a scan reaches its table by values from outside it: a parameter (the range's bounds)
 * or another relation's column (a key found in the range), not a condition on the table alone.
 */
const byOutsideValues = (condition: string): boolean => /\$\d/.test(condition) || /\b[a-z_][a-z_0-9]*\.[a-z_]+/.test(condition);

/**
 * A short range's statements are planned once per connection, without the range's values, and
 * that plan is kept whatever the tables come to hold (see planShortRangesOnce). So on a new,
 * empty database, the state least like a running campaign's, every table each named statement
 * reads must be reached through an index, by the range's bounds or by keys found in the range:
 * never scanned whole, never through an index by a condition on the table alone (a plan made so
 * at start would read every row of a table grown large). Every named statement is checked.
 */
describe('prepayment balances: the plans a short range keeps', () => {
  let world: PrepaymentWorld;
  beforeAll(async () => {
    world = await PrepaymentWorld.create();
  });
  afterAll(() => world.drop());

  it('reach every table through an index, by the range or its keys', async () => {
    const named = new Map<string, { text: string; params: readonly unknown[] }>();
    const range: LogRange = {
      after: { transactionId: '1', position: '1' },
      upTo: { transactionId: '2', position: '2' },
      planOnce: true,
    };
    await inTransaction(world.db.dataSource, async (sql) => {
      await planShortRangesOnce(sql);
      // Told that the (empty) range holds every other type, so that every statement runs once.
      const recording: Sql = {
        query: async <Row>(text: string, params?: readonly unknown[], name?: string) => {
          if (name !== undefined) named.set(name, { text, params: params ?? [] });
          const result = await sql.query<Row>(text, params, name);
          if (name !== 'goodpay_balances_range_contents') return result;
          const others = ['PrepaymentOrdered', 'PrepaymentOrderCancelled', 'PrepaymentClaimed'].map((type) => ({
            type,
            campaign_id: null,
          }));
          return { rows: [...result.rows, ...(others as Row[])], rowCount: result.rowCount + others.length };
        },
      };
      await new PrepaymentBalancesProjection().applyRange(range, recording);
    });
    expect([...named.keys()]).toEqual(
      expect.arrayContaining([
        'goodpay_balances_range_contents',
        'goodpay_balances_range',
        'goodpay_balances_orders',
        'goodpay_balances_order_cancels',
      ]),
    );

    const offending: string[] = [];
    await inTransaction(world.db.dataSource, async (sql) => {
      await planShortRangesOnce(sql);
      for (const [name, { text, params }] of named) {
        await sql.query(`PREPARE plan_probe AS ${text}`);
        const { rows } = await sql.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) EXECUTE plan_probe(${params.map(literal).join(', ')})`,
        );
        await sql.query(`DEALLOCATE plan_probe`);
        for (const node of nodesOf(rows[0]['QUERY PLAN'][0].Plan)) {
          const scan = node['Node Type'];
          if (scan === 'Seq Scan') offending.push(`${name}: ${node['Relation Name']} read whole`);
          if (['Index Scan', 'Index Only Scan', 'Bitmap Index Scan'].includes(scan) && !byOutsideValues(node['Index Cond'] ?? '')) {
            offending.push(`${name}: ${node['Index Name']} by ${node['Index Cond'] ?? 'nothing'}`);
          }
        }
      }
    });
    expect(offending).toEqual([]);
  });
});
