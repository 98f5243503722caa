import { Client } from 'pg';
import { PostgresStorage } from '../../src/storage/postgres-storage';
import { postgresSkipReason, TEST_POSTGRES_URL } from './postgres-availability';
import { storageContract } from '../../src/testing';

const skip = postgresSkipReason() !== null;
/** Fresh schema per test (the reaper works across studies), all dropped at the end of the run. */
const schemas: string[] = [];

afterAll(async () => {
  if (schemas.length === 0) return;
  const client = new Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
});

storageContract('postgres', async () => {
  const schema = `baytune_contract_${process.pid}_${schemas.length}`;
  schemas.push(schema);
  return PostgresStorage.open(`${TEST_POSTGRES_URL}?schema=${schema}`);
}, { skip });
