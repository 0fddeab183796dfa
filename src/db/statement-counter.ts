import type { DataSource } from 'typeorm';

interface CountedClient {
  query: (...args: unknown[]) => unknown;
}

interface PgPool {
  _clients: CountedClient[];
  on(event: 'connect', listener: (client: CountedClient) => void): void;
  removeListener(event: 'connect', listener: (client: CountedClient) => void): void;
}

/**
 * Counts the SQL statements the data source's pool sends while `work` runs (the tests'
 * and the benchmark's measure of N+1: a page of 50 must cost what a page of 5 does).
 */
export async function countStatements(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  const pool = (dataSource.driver as unknown as { master: PgPool }).master;
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
  pool._clients.forEach(wrap);
  pool.on('connect', wrap);
  try {
    await work();
  } finally {
    pool.removeListener('connect', wrap);
    for (const [client, original] of originals) client.query = original;
  }
  return count;
}
