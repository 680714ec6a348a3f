import { randomUUID } from 'node:crypto';
import { EventSchemas, EventStore } from '@goodpay/event-store';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';

describe('event store: the log is append-only, enforced by PostgreSQL', () => {
  let db: TestDatabase;
  let streamId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    streamId = `test-${randomUUID()}`;
    await new EventStore(db.dataSource, new EventSchemas()).append(
      [{ streamId, expectedVersion: 'no_stream', events: [{ type: 'Noted', data: { n: 1 } }] }],
      metadataFor(),
    );
  });
  afterAll(() => db.drop());

  // The test connects as the postgres superuser, the tables' owner: the strongest caller.
  it.each([
    ['UPDATE', `UPDATE events SET data = '{"n": 2}' WHERE stream_id = $1`, true],
    ['DELETE', `DELETE FROM events WHERE stream_id = $1`, true],
    ['TRUNCATE', `TRUNCATE events`, false],
  ])('refuses %s', async (operation, statement, withParam) => {
    await expect(db.dataSource.query(statement, withParam ? [streamId] : [])).rejects.toThrow(
      `events are append-only: ${operation} is refused`,
    );
    const rows = await db.dataSource.query('SELECT data FROM events WHERE stream_id = $1', [streamId]);
    expect(rows).toEqual([{ data: { n: 1 } }]);
  });
});
