import { Pool } from 'pg';
import { createPool, inTransaction, parsePostgresLocation } from '../../../src/storage/postgres-connection';
import { postgresSkipReason, TEST_POSTGRES_URL } from '../../contract/postgres-availability';

const skip = postgresSkipReason() !== null;
const schema = `baytune_tx_${process.pid}`;
let pool: Pool;

beforeAll(async () => {
  if (skip) return;
  const admin = new Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.query(`CREATE TABLE ${schema}.cells (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`);
  await admin.query(`INSERT INTO ${schema}.cells VALUES (1, 0), (2, 0)`);
  await admin.end();
  pool = createPool(parsePostgresLocation(`${TEST_POSTGRES_URL}?schema=${schema}`), { poolSize: 4 });
});

afterAll(async () => {
  if (skip) return;
  await pool.query(`DROP SCHEMA ${schema} CASCADE`);
  await pool.end();
});

/** Resolves when `count` parties have called it: both transactions hold their first lock. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => undefined;
  const all = new Promise<void>((resolve) => { release = resolve; });
  return () => {
    arrived += 1;
    if (arrived === count) release();
    return all;
  };
}

(skip ? describe.skip : describe)('inTransaction on PostgreSQL', () => {
  test('a real deadlock (40P01) is retried: both transactions end up applied exactly once', async () => {
    const bothLocked = barrier(2);
    const runs = { forward: 0, backward: 0 };
    const crossing = (name: 'forward' | 'backward', first: number, second: number) => inTransaction(pool, async (client) => {
      runs[name] += 1;
      await client.query('UPDATE cells SET n = n + 1 WHERE id = $1', [first]);
      if (runs[name] === 1) await bothLocked();
      await client.query('UPDATE cells SET n = n + 1 WHERE id = $1', [second]);
    });
    await Promise.all([crossing('forward', 1, 2), crossing('backward', 2, 1)]);
    expect(runs.forward + runs.backward).toBe(3);
    const { rows } = await pool.query('SELECT id, n FROM cells ORDER BY id');
    expect(rows).toEqual([{ id: 1, n: 2 }, { id: 2, n: 2 }]);
  });

  test('an error that is not transient is not retried and leaves nothing behind', async () => {
    let runs = 0;
    const before = (await pool.query('SELECT n FROM cells WHERE id = 1')).rows;
    await expect(inTransaction(pool, async (client) => {
      runs += 1;
      await client.query('UPDATE cells SET n = 100 WHERE id = 1');
      await client.query('SELECT 1 / 0');
    })).rejects.toMatchObject({ code: '22012' });
    expect(runs).toBe(1);
    expect((await pool.query('SELECT n FROM cells WHERE id = 1')).rows).toEqual(before);
  });
});
