import { createHmac } from 'node:crypto';
import { isIPv6 } from 'node:net';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { RateLimited } from '../common/errors';
import type { Logger } from '../common/log';

type Limits = Pick<
  Config,
  | 'jwtSecret'
  | 'redisUrl'
  | 'rateLimitPerMinute'
  | 'rateLimitAnonymousPerMinute'
  | 'signinAttemptsPerMinute'
  | 'signinFailuresBeforeLockout'
  | 'signinLockoutMinutes'
  | 'funderReportsPerHour'
>;

/** How long to wait for Redis at start, and for any one command, before counting in the process instead. */
const REDIS_TIMEOUT_MS = 1000;

/** Which limit refused: the label of beacon_rate_limit_refusals_total. */
export type RefusedLimit = 'requests' | 'anonymous_requests' | 'signin_attempts' | 'signin_lockout' | 'reports';

/** One sign-in that passed the limits: say how it ended, so a failure counts toward the lockout and a success does not. */
export interface SignInAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Every counter of DESIGN.md's "Sign-in and abuse": sign-in attempts per client address,
 * failed sign-ins per email (the lockout), requests per signed-in user and per anonymous
 * address, and funders' outcome reports per hour.
 *
 * With REDIS_URL the counters live in Redis, so every instance shares them. When Redis cannot
 * be reached (at start or later) each instance counts in its own memory instead (the library's
 * insurance limiter) and logs a warning: the limits still hold per instance, and sign-in keeps
 * working. Failing closed would turn a Redis outage, or an attack on Redis, into no one being
 * able to sign in.
 *
 * Keys hold an HMAC of the email or address, never the value itself, so the store holds no one's
 * email or address in the clear.
 */
export class RateLimits {
  private readonly signInsPerAddress: RateLimiterAbstract;
  private readonly failuresPerEmail: RateLimiterAbstract;
  private readonly requestsPerUser: RateLimiterAbstract;
  private readonly requestsPerAddress: RateLimiterAbstract;
  private readonly reportsPerFunder: RateLimiterAbstract;
  private readonly lockoutSeconds: number;
  /** Told of every refusal, by the limit that made it (the server's metrics set it when they are on). */
  onRefused?: (limit: RefusedLimit) => void;

  private constructor(
    private readonly config: Limits,
    limiter: (name: string, points: number, seconds: number) => RateLimiterAbstract,
    private readonly redis: Redis | null,
  ) {
    this.lockoutSeconds = config.signinLockoutMinutes * 60;
    this.signInsPerAddress = limiter('signin-address', config.signinAttemptsPerMinute, 60);
    this.failuresPerEmail = limiter('signin-failures', config.signinFailuresBeforeLockout, this.lockoutSeconds);
    this.requestsPerUser = limiter('requests-user', config.rateLimitPerMinute, 60);
    this.requestsPerAddress = limiter('requests-address', config.rateLimitAnonymousPerMinute, 60);
    this.reportsPerFunder = limiter('reports-funder', config.funderReportsPerHour, 3600);
  }

  /** Counters in Redis when `config.redisUrl` is set, in this process otherwise. `keyPrefix` keeps deployments (and tests) sharing one Redis apart. */
  static async connect(config: Limits, log: Logger, keyPrefix = 'beacon'): Promise<RateLimits> {
    if (!config.redisUrl) return RateLimits.inProcess(config, keyPrefix);
    const redis = new Redis(config.redisUrl, {
      // Fail fast (to the in-process counters) rather than queue a sign-in behind a dead connection.
      enableOfflineQueue: false,
      commandTimeout: REDIS_TIMEOUT_MS,
      connectTimeout: REDIS_TIMEOUT_MS,
      maxRetriesPerRequest: 0,
    });
    watchRedis(redis, log);
    await firstConnection(redis);
    const limiter = (name: string, points: number, seconds: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${keyPrefix}:${name}`,
        points,
        duration: seconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${name}`, points, duration: seconds }),
      });
    return new RateLimits(config, limiter, redis);
  }

  /** Counters in this process only (a single instance, or scripts that sign no one in). */
  static inProcess(config: Limits, keyPrefix = 'beacon'): RateLimits {
    return new RateLimits(config, (name, points, duration) => new RateLimiterMemory({ keyPrefix: `${keyPrefix}:${name}`, points, duration }), null);
  }

  /**
   * Admits a sign-in (or anything that checks a password) for `email` from `address`, or throws
   * RATE_LIMITED. The attempt counts as a failure from the start, atomically, so parallel guesses
   * cannot all slip in before the first one fails; a success gives its point back.
   */
  async signIn(email: string, address: string): Promise<SignInAttempt> {
    await this.take(this.signInsPerAddress, this.addressKey(address), 'signin_attempts');
    const key = this.key(email.trim().toLowerCase());
    const failures = this.failuresPerEmail;
    const counted = await failures.penalty(key);
    if (counted.consumedPoints > failures.points) {
      await failures.reward(key);
      this.onRefused?.('signin_lockout');
      // The same answer whether or not the email belongs to anyone.
      throw new RateLimited(retryAfter(counted), `Too many failed sign-ins for this email; try again in ${retryAfter(counted)} seconds.`);
    }
    return {
      succeeded: async () => {
        await failures.reward(key);
      },
      failed: async () => {
        // The failure that reaches the limit starts the lockout, whenever in the window it came.
        if (counted.consumedPoints >= failures.points) await failures.block(key, this.lockoutSeconds);
      },
    };
  }

  /** One request (GraphQL or a REST route) by a signed-in user, or by an anonymous caller at `address`. */
  async request(userId: string | null, address: string): Promise<void> {
    if (userId) await this.take(this.requestsPerUser, this.key(userId), 'requests');
    else await this.take(this.requestsPerAddress, this.addressKey(address), 'anonymous_requests');
  }

  /** One outcome report (GraphQL or CSV) by a funder: FUNDER_REPORTS_PER_HOUR. */
  async report(userId: string): Promise<void> {
    await this.take(this.reportsPerFunder, this.key(userId), 'reports');
  }

  async close(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis!.disconnect());
  }

  private async take(limiter: RateLimiterAbstract, key: string, limit: RefusedLimit): Promise<void> {
    try {
      await limiter.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      this.onRefused?.(limit);
      throw new RateLimited(retryAfter(error));
    }
  }

  private key(value: string): string {
    return createHmac('sha256', this.config.jwtSecret).update(value).digest('base64url').slice(0, 32);
  }

  /** An IPv6 client is counted by its /64, since one subscriber commonly holds the whole /64. */
  private addressKey(address: string): string {
    return this.key(isIPv6(address) && !address.startsWith('::ffff:') ? ipv6Prefix64(address) : address);
  }
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** The first four groups of an IPv6 address, written out: 2001:db8::1 → 2001:db8:0:0. */
function ipv6Prefix64(address: string): string {
  const [head, tail = ''] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':') + '::/64';
}

/** Logs when Redis goes away and when it is back, once each, rather than at every reconnect attempt. */
function watchRedis(redis: Redis, log: Logger): void {
  let reachable = true;
  redis.on('error', (error: Error) => {
    if (reachable) log.warn({ err: error }, 'Redis unreachable: rate limits count in this process until it is back');
    reachable = false;
  });
  redis.on('ready', () => {
    if (!reachable) log.info('Redis reachable again: rate limits are shared');
    reachable = true;
  });
}

/** Waits (briefly) for the first connection, so the first requests already share counters; an unreachable Redis does not stop the start. */
function firstConnection(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, REDIS_TIMEOUT_MS);
    redis.once('ready', done);
    redis.once('error', done);
  });
}
