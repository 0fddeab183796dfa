import { spawnSync } from 'node:child_process';

/**
 * The Redis the Redis tests use: TEST_REDIS_URL (or REDIS_URL), else the default local one.
 * With either variable set (as in CI) an unreachable Redis fails the suite; without them, on a
 * machine with no Redis, the Redis tests are skipped with a message saying so.
 */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const required = Boolean(process.env.TEST_REDIS_URL ?? process.env.REDIS_URL);

/** Jest decides what to run before any test starts, so the ping runs synchronously, in a child process. */
function answersPing(url: string): boolean {
  const script = `
    const Redis = require(process.argv[1]);
    const redis = new Redis(process.argv[2], { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
    redis.on('error', () => {});
    redis.connect().then(() => redis.ping()).then(() => process.exit(0), () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script, require.resolve('ioredis'), url], { timeout: 10_000 }).status === 0;
}

function redisDescribe(): jest.Describe {
  if (answersPing(TEST_REDIS_URL)) return describe;
  if (required) throw new Error(`TEST_REDIS_URL/REDIS_URL names ${TEST_REDIS_URL}, but no Redis answers there.`);
  console.warn(`Skipping the Redis rate-limit tests: no Redis answers at ${TEST_REDIS_URL}. Start one, or set TEST_REDIS_URL (CI does).`);
  return describe.skip;
}

export const describeWithRedis = redisDescribe();
