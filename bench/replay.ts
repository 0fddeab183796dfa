import { Pool } from 'pg';
import type { CapturedStatement } from '../src/db/statement-counter';
import { runLoad, type LoadResult } from './load';

/**
 * Sends the exact SQL that Beacon sent for some requests (text and values, captured by
 * captureStatements) straight through a pg Pool under the same closed-loop load: what the same
 * answers cost without HTTP, GraphQL, type-graphql and TypeORM. Each replayed request is the next
 * captured one, round robin. Within it each statement goes as soon as the statements it waited
 * for in Beacon have answered, so those Beacon sent side by side (DataLoader batches) go side by
 * side here too.
 */
export async function replayLoad(databaseUrl: string, requests: CapturedStatement[][], poolSize: number, concurrency: number, seconds: number): Promise<LoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: poolSize });
  const replay = async (i: number) => {
    const answers: Promise<unknown>[] = [];
    for (const statement of requests[i % requests.length]) {
      answers.push(Promise.all(statement.after.map((j) => answers[j])).then(() => pool.query(statement.text, statement.values)));
    }
    await Promise.all(answers);
    return true;
  };
  try {
    await runLoad(replay, concurrency, Math.min(3, seconds));
    return await runLoad(replay, concurrency, seconds);
  } finally {
    await pool.end();
  }
}
