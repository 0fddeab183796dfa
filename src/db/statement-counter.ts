import type { DataSource } from 'typeorm';
import { poolOf } from './pool';

interface CountedClient {
  query: (...args: unknown[]) => unknown;
}

/** The pool's open clients: pg keeps them in a field its types do not declare. */
interface WithClients {
  _clients: CountedClient[];
}

/**
 * Counts the SQL statements the data source's pool sends while `work` runs (the tests'
 * and the benchmark's measure of N+1: a page of 50 must cost what a page of 5 does).
 */
export async function countStatements(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('countStatements needs an initialized data source');
  const originals = new Map<CountedClient, CountedClient['query']>();
  let count = 0;
  const wrap = (client: CountedClient) => {
    if (originals.has(client)) return;
    const original = client.query;
    originals.set(client, original);
    client.query = function (this: unknown, ...args: unknown[]) {
      count++;
      return original.apply(this, args);
    };
  };
  (pool as unknown as WithClients)._clients.forEach(wrap);
  pool.on('connect', wrap);
  try {
    await work();
  } finally {
    pool.removeListener('connect', wrap);
    for (const [client, original] of originals) client.query = original;
  }
  return count;
}
