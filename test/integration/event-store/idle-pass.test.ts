import { randomUUID } from 'node:crypto';
import {
  appendToStream,
  EventSchemas,
  type GlobalCheckpoint,
  eventStoreMigrations,
  inTransaction,
  passIdleConsumers,
  readAll,
  readCheckpoint,
  saveCheckpoint,
  type Sql,
  sqlOn,
  START,
} from '@goodpay/event-store';
import { createTestDatabase, holdOlderTransaction, type TestDatabase } from '../../support/test-database';
import { metadataFor } from '../../support/actors';
import { eventually } from '../../support/processes';

/**
 * A wake-up after a commit passes, together, every consumer that handles none of the new
 * events, and names only the others for a catch-up (the worker's `wake-all`).
 */
describe('event store: passing idle consumers in one transaction', () => {
  let db: TestDatabase;
  let sql: Sql;
  const schemas = new EventSchemas();

  beforeEach(async () => {
    db = await createTestDatabase(eventStoreMigrations, { poolSize: 10 });
    sql = sqlOn(db.dataSource);
  });
  afterEach(() => db.drop());

  const append = (on: Sql, type: string) =>
    appendToStream(on, schemas, { streamId: `idle-${randomUUID()}`, expectedVersion: 'any', events: [{ type, data: {} }] }, metadataFor());
  const orders = { name: 'orders', eventTypes: ['Ordered'] };
  const notes = { name: 'notes', eventTypes: ['Noted', 'Annotated'] };
  const passing = (...consumers: { name: string; eventTypes: string[] }[]) =>
    inTransaction(db.dataSource, (tx) => passIdleConsumers(tx, consumers));
  const pass = async (...consumers: { name: string; eventTypes: string[] }[]) => (await passing(...consumers)).busy;
  const positionOf = async (name: string) => (await readCheckpoint(sql, name)).position;
  /** Runs `work` in a transaction left open; the function returned commits it. */
  /** One pass of `consumers`, and the events' index entries and rows it read (its transaction's statistics). */
  const passCountingReads = (consumers: readonly { name: string; eventTypes: string[] }[]) =>
    inTransaction(db.dataSource, async (tx) => {
      await passIdleConsumers(tx, consumers);
      const { rows } = await tx.query<{ read: string }>(
        `SELECT coalesce(sum(pg_stat_get_xact_tuples_returned(index.indexrelid)), 0)
              + (SELECT coalesce(sum(seq_tup_read), 0) FROM pg_stat_xact_user_tables WHERE relname LIKE 'events%') AS read
         FROM pg_inherits partition JOIN pg_index index ON index.indrelid = partition.inhrelid
         WHERE partition.inhparent = 'events'::regclass`,
      );
      return Number(rows[0].read);
    });
  /** Another test file's open transaction may hold the server-wide horizon for a moment. */
  const passUntil = async (moved: string, position: string, ...consumers: { name: string; eventTypes: string[] }[]) => {
    let busy: string[] = [];
    await eventually(async () => {
      busy = await pass(...consumers);
      return (await positionOf(moved)) === position;
    }, `${moved} is passed to ${position}`);
    return busy;
  };

  it('moves a consumer with none of the new events past them, and names the one that has some', async () => {
    await append(sql, 'Ordered');
    const [last] = await append(sql, 'Ordered');

    const busy = await passUntil('notes', last.globalPosition, orders, notes);

    expect(busy).toEqual(['orders']);
    expect(await positionOf('orders')).toBe(START.position);
  });

  it('names nobody once every consumer is at the end of the log', async () => {
    const [last] = await append(sql, 'Noted');
    await saveCheckpoint(sql, 'notes', { transactionId: last.transactionId, position: last.globalPosition });

    expect(await passUntil('orders', last.globalPosition, orders, notes)).toEqual([]);
    expect(await pass(orders, notes)).toEqual([]);
  });

  it('leaves a consumer whose batch holds its lock to that batch', async () => {
    const [last] = await append(sql, 'Ordered');
    let release!: () => void;
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (locked = resolve));
    const batch = inTransaction(db.dataSource, async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('subscription:notes', 0))`);
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;

    try {
      // Where the waiting one stands comes with it (the sweep's stuck rule needs it); the running one's is its batch's.
      expect(await passing(orders, notes)).toEqual({
        busy: ['orders', 'notes'],
        running: ['notes'],
        checkpoints: new Map([['orders', START]]),
      });
      expect(await positionOf('notes')).toBe(START.position);
    } finally {
      // Also when an expectation failed: an open transaction left behind holds every reader's horizon on the server.
      release();
      await batch;
    }
    await passUntil('notes', last.globalPosition, orders, notes);
  });

  it('never passes an event of its types that an older open transaction commits later', async () => {
    const commitLate = await holdOlderTransaction(db.dataSource, (tx) => append(tx, 'Annotated')); // takes its xid and position now, commits when told
    let passed: GlobalCheckpoint;
    try {
      await append(sql, 'Ordered'); // newer, committed
      await pass(orders, notes);
      passed = await readCheckpoint(sql, 'notes');
    } finally {
      await commitLate(); // also when the pass failed: left open, it holds the server's horizon
    }

    // Whatever the pass did, the late Annotated is still ahead of the checkpoint for `notes` to handle.
    await eventually(async () => {
      const events = await readAll(sql, schemas, passed, 10);
      return events.some((event) => event.type === 'Annotated');
    }, 'the late event is read after the passed checkpoint');
    await eventually(async () => (await pass(orders, notes)).includes('notes'), 'notes is named for a catch-up');
  });

  it("tests each of a consumer's types with a probe of its own, not a read of the events after its checkpoint", async () => {
    // A large transaction of one other type, with the consumers' checkpoints inside it (a bulk
    // import half read): over a join, each test was planned as a scan of the rest of it.
    const bulk = await appendToStream(
      sql,
      schemas,
      {
        streamId: `bulk-${randomUUID()}`,
        expectedVersion: 'any',
        events: Array.from({ length: 5000 }, () => ({ type: 'Imported', data: {} })),
      },
      metadataFor(),
    );
    await sql.query(`ANALYZE events`);
    const within = { transactionId: bulk[0].transactionId, position: bulk[99].globalPosition };
    const last = bulk[bulk.length - 1].globalPosition;
    // Types that sort before, between and after the bulk's: each probe must stop at its own type's end.
    const idle = [
      { name: 'ledger', eventTypes: ['Credited', 'Debited'] },
      { name: 'mail', eventTypes: ['Mailed', 'Noted', 'Ordered'] },
    ];

    /** One pass from inside the bulk. */
    const passFromWithin = async () => {
      for (const { name } of idle) await saveCheckpoint(sql, name, within);
      return passCountingReads(idle);
    };
    let read = Infinity;
    await eventually(async () => {
      read = await passFromWithin();
      return (await positionOf('ledger')) === last && (await positionOf('mail')) === last;
    }, 'both consumers are passed to the end of the bulk');

    // The horizon's last event and a probe per type (each an entry or two per partition), not 4,900 events per type.
    expect(read).toBeLessThan(100);
  });

  it("does not read an open import's entries one by one: its probes stop at the horizon", async () => {
    const [committed] = await append(sql, 'Noted');
    // An import being appended: 5,000 events of the consumer's own type, after its checkpoint, not committed.
    const commitImport = await holdOlderTransaction(db.dataSource, (tx) =>
      appendToStream(
        tx,
        schemas,
        {
          streamId: `import-${randomUUID()}`,
          expectedVersion: 'any',
          events: Array.from({ length: 5000 }, () => ({ type: 'Ordered', data: {} })),
        },
        metadataFor(),
      ),
    );
    try {
      let read = Infinity;
      await eventually(async () => {
        read = await passCountingReads([orders]);
        return (await positionOf('orders')) === committed.globalPosition;
      }, 'orders is passed to the last committed event, before the import');
      // Its probes (a type's range, the log's order) end at the horizon; unbounded, each walked 5,000 invisible entries.
      expect(read).toBeLessThan(100);
    } finally {
      await commitImport();
    }
  });
});
