import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropDatabase, ensureDatabaseExists, withDatabase } from './ensure-database';

const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function databaseExists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: withDatabase(SERVER) });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('ensureDatabaseExists', () => {
  const name = `goodpay_t_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(SERVER, name);

  afterAll(() => dropDatabase(url));

  it('creates a missing database once, and leaves an existing one alone', async () => {
    expect(await databaseExists(name)).toBe(false);
    expect(await ensureDatabaseExists(url)).toBe(true);
    expect(await databaseExists(name)).toBe(true);
    expect(await ensureDatabaseExists(url)).toBe(false);
  });

  it('tolerates several processes creating the same database at once', async () => {
    const racing = withDatabase(SERVER, `${name}_race`);
    try {
      const created = await Promise.all(Array.from({ length: 6 }, () => ensureDatabaseExists(racing)));
      expect(created.filter(Boolean)).toHaveLength(1);
      expect(await databaseExists(`${name}_race`)).toBe(true);
    } finally {
      await dropDatabase(racing);
    }
  });

  it('drops a database', async () => {
    const doomed = withDatabase(SERVER, `${name}_drop`);
    await ensureDatabaseExists(doomed);
    await dropDatabase(doomed);
    expect(await databaseExists(`${name}_drop`)).toBe(false);
  });
});
