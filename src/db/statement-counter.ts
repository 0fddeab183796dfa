import type { DataSource } from 'typeorm';
import { poolOf } from './pool';

interface ObservedClient {
  query: (...args: unknown[]) => unknown;
}

/** The pool's open clients: pg keeps them in a field its types do not declare. */
interface WithClients {
  _clients: ObservedClient[];
}

/** One statement as the pool sent it: its text, its bound values, and which earlier ones it waited for. */
export interface CapturedStatement {
  text: string;
  values: unknown[];
  /** The indexes of the earlier statements that had answered when this one was sent (those still running, a DataLoader batch beside it, did not hold it up). */
  after: number[];
}

/** Text and values of a pg query call: query(text, values?) or query({ text, values }). */
function statementOf(args: unknown[]): { text: string; values: unknown[] } {
  const [first, second] = args;
  if (typeof first === 'string') return { text: first, values: Array.isArray(second) ? second : [] };
  const config = first as { text: string; values?: unknown[] };
  return { text: config.text, values: config.values ?? [] };
}

/**
 * Every SQL statement the data source's pool sends while `work` runs, with its values. The tests'
 * and the benchmark's measure of N+1 (a page of 50 must cost what a page of 5 does), and what the
 * benchmark replays straight through pg to see what the GraphQL layer costs.
 */
export async function captureStatements(dataSource: DataSource, work: () => Promise<unknown>): Promise<CapturedStatement[]> {
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('captureStatements needs an initialized data source');
  const originals = new Map<ObservedClient, ObservedClient['query']>();
  const captured: CapturedStatement[] = [];
  const answered: number[] = [];
  const wrap = (client: ObservedClient) => {
    if (originals.has(client)) return;
    const original = client.query;
    originals.set(client, original);
    client.query = function (this: unknown, ...args: unknown[]) {
      const index = captured.push({ ...statementOf(args), after: [...answered] }) - 1;
      const result = original.apply(this, args);
      // pg returns a promise unless given a callback (TypeORM never passes one).
      if (result instanceof Promise) {
        const answer = () => answered.push(index);
        result.then(answer, answer);
      }
      return result;
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
  return captured;
}

/** How many SQL statements the data source's pool sends while `work` runs. */
export async function countStatements(dataSource: DataSource, work: () => Promise<unknown>): Promise<number> {
  return (await captureStatements(dataSource, work)).length;
}
