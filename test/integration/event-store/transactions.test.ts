import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { eventStoreMigrations, inTransaction, sqlOn } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/**
 * Transactions on the pg pool's own connections: what a restart or failover of the server
 * does to one that is checked out.
 */
describe('event store: a transaction whose connection the server ends', () => {
  let db: TestDatabase;
  let observer: Client;

  beforeAll(async () => {
    db = await createTestDatabase(eventStoreMigrations, { poolSize: 2 });
    observer = new Client({ connectionString: db.url });
    await observer.connect();
  });
  afterAll(async () => {
    await observer.end();
    await db.drop();
  });

  it('fails that transaction, not the process, and the pool goes on with other connections', async () => {
    const failed = inTransaction(db.dataSource, async (sql) => {
      const { rows } = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await observer.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
      // The end arrives while no statement of ours runs: an 'error' event on the connection,
      // which nothing of the pool's listens to while it is checked out (thrown at the process).
      await sleep(300);
      await sql.query('SELECT 1');
    });
    await expect(failed).rejects.toThrow();
    for (let i = 0; i < 3; i += 1) {
      await expect(inTransaction(db.dataSource, (sql) => sql.query<{ one: number }>('SELECT 1 AS one'))).resolves.toMatchObject({
        rows: [{ one: 1 }],
      });
    }
    expect((await sqlOn(db.dataSource).query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
