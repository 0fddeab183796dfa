import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { passwordProblem } from './auth/password-problem';

/** Every setting Beacon reads from the environment, parsed and checked here and nowhere else. */
export interface Config {
  production: boolean;
  databaseUrl: string | undefined;
  port: number;
  host: string;
  jwtSecret: Uint8Array;
  tokenTtlSeconds: number;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  defaultTimeZone: string;
  suppressionThreshold: number;
  capacityStaleHours: number;
  dbPoolSize: number;
  dbConnectTimeoutMs: number;
  statementTimeoutMs: number;
  logLevel: string;
  queryMaxCost: number;
  dataDir: string;
  embeddedPort: number;
  /** Shared rate-limit counters; in-process counters when unset. */
  redisUrl: string | undefined;
  rateLimitPerMinute: number;
  rateLimitAnonymousPerMinute: number;
  signinAttemptsPerMinute: number;
  signinFailuresBeforeLockout: number;
  signinLockoutMinutes: number;
  funderReportsPerHour: number;
  reportPerturbation: number;
  introspection: boolean;
  /** The self-hosted GraphiQL at GET /graphql and /explorer. */
  explorer: boolean;
  /** Exact origins allowed by CORS; 'localhost' allows any http(s)://localhost or 127.0.0.1 origin (development). */
  corsOrigins: string[] | 'localhost';
  /** /metrics on the main port, for callers with this bearer token. */
  metricsToken: string | undefined;
  /** /metrics on its own port, bound to HOST, with no token. */
  metricsPort: number | undefined;
  /** OpenTelemetry tracing is on when set (the OTLP/HTTP endpoint). */
  otelEndpoint: string | undefined;
  /** Signed-in callers may send only the documents in the build's trusted-document manifest. */
  trustedDocuments: boolean;
  /** Seconds to wait before each retry of a webhook delivery; after the last, the delivery is FAILED. */
  webhookRetryDelays: number[];
  /** Webhooks may go to http:// and to private, loopback or link-local addresses (development, tests). */
  webhookAllowInsecure: boolean;
  /** Most subscriptions one graphql-ws connection may hold at once. */
  subscriptionsPerConnection: number;
  /** Most graphql-ws sockets one instance keeps open. */
  subscriptionSockets: number;
  /** Most graphql-ws sockets one user keeps open on one instance. */
  subscriptionSocketsPerUser: number;
  /** Most active webhooks one organization may have. */
  webhooksPerOrganization: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** Reads `env` (process.env by default); throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const int = (name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const value = raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(value)) return true;
    if (['0', 'false', 'no', 'off'].includes(value)) return false;
    problems.push(`${name} must be true or false, got "${value}"`);
    return fallback;
  };

  const production = raw('NODE_ENV') === 'production';
  const dataDir = path.resolve(raw('DATA_DIR') ?? '.data');
  const databaseUrl = raw('DATABASE_URL');
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const ttl = raw('TOKEN_TTL') ?? '12h';
  const ttlMatch = /^(\d+)\s*([smhd]?)$/.exec(ttl);
  const tokenTtlSeconds = ttlMatch
    ? Number(ttlMatch[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[ttlMatch[2] as '' | 's' | 'm' | 'h' | 'd']
    : 0;
  if (tokenTtlSeconds <= 0) problems.push(`TOKEN_TTL must be a duration such as 3600, 90m, 12h or 7d, got "${ttl}"`);

  let jwtSecret = raw('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) problems.push('JWT_SECRET must be at least 32 characters');
  if (jwtSecret === undefined && production) problems.push('JWT_SECRET is required when NODE_ENV=production');

  const adminEmail = raw('ADMIN_EMAIL');
  const adminPassword = raw('ADMIN_PASSWORD');
  if ((adminEmail === undefined) !== (adminPassword === undefined)) {
    problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  // The rules of every password (auth/password-problem.ts): the first admin's too.
  const adminPasswordProblem = adminPassword === undefined ? null : passwordProblem(adminPassword, adminEmail);
  if (adminPasswordProblem) problems.push(`ADMIN_PASSWORD ${adminPasswordProblem}`);

  const defaultTimeZone = raw('DEFAULT_TIME_ZONE') ?? 'America/New_York';
  if (!isTimeZone(defaultTimeZone)) problems.push(`DEFAULT_TIME_ZONE must be an IANA time zone, got "${defaultTimeZone}"`);

  const redisUrl = raw('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');

  const logLevel = raw('LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const corsRaw = raw('CORS_ORIGINS');
  const corsOrigins = corsRaw === undefined ? (production ? [] : 'localhost') : corsRaw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of Array.isArray(corsOrigins) ? corsOrigins : []) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) problems.push(`CORS_ORIGINS must list origins such as https://app.example.org (scheme and host, no path), got "${origin}"`);
  }

  const metricsToken = raw('METRICS_TOKEN');
  if (metricsToken !== undefined && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  const metricsPortRaw = raw('METRICS_PORT');

  const otelEndpoint = raw('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otelEndpoint !== undefined && !/^https?:\/\//.test(otelEndpoint)) problems.push('OTEL_EXPORTER_OTLP_ENDPOINT must be an http:// or https:// URL');

  const delaysRaw = raw('WEBHOOK_RETRY_DELAYS') ?? '5,30,120,600,3600,21600,86400';
  const webhookRetryDelays = delaysRaw.split(',').map((d) => d.trim());
  if (webhookRetryDelays.some((d) => !/^\d+$/.test(d) || Number(d) > 7 * 86400) || webhookRetryDelays.length > 20) {
    problems.push(`WEBHOOK_RETRY_DELAYS must list at most 20 whole numbers of seconds (each at most 604800) separated by commas, got "${delaysRaw}"`);
  }

  const config: Config = {
    production,
    databaseUrl,
    port: int('PORT', 4000, 0, 65535),
    host: raw('HOST') ?? '0.0.0.0',
    jwtSecret: new Uint8Array(),
    tokenTtlSeconds,
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    seedDemo: bool('SEED_DEMO', databaseUrl === undefined),
    defaultTimeZone,
    suppressionThreshold: int('SUPPRESSION_THRESHOLD', 11, 2, 1000),
    capacityStaleHours: int('CAPACITY_STALE_HOURS', 48, 1, 24 * 365),
    dbPoolSize: int('DB_POOL_SIZE', 10, 1, 500),
    dbConnectTimeoutMs: int('DB_CONNECT_TIMEOUT_MS', 5000, 100, 600_000),
    statementTimeoutMs: int('STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    logLevel,
    // The heaviest client operation (SearchServices with first: 100) costs about 6,500.
    queryMaxCost: int('QUERY_MAX_COST', 10_000, 100, 10_000_000),
    dataDir,
    embeddedPort: int('EMBEDDED_PG_PORT', 54320, 1024, 65535),
    redisUrl,
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    rateLimitAnonymousPerMinute: int('RATE_LIMIT_ANONYMOUS_PER_MINUTE', 300, 1, 1_000_000),
    signinAttemptsPerMinute: int('SIGNIN_ATTEMPTS_PER_MINUTE', 30, 1, 1_000_000),
    signinFailuresBeforeLockout: int('SIGNIN_FAILURES_BEFORE_LOCKOUT', 5, 1, 1000),
    signinLockoutMinutes: int('SIGNIN_LOCKOUT_MINUTES', 15, 1, 24 * 60),
    funderReportsPerHour: int('FUNDER_REPORTS_PER_HOUR', 120, 1, 1_000_000),
    // Every published report count moves by at most this much (cell key method); 0 publishes exact counts.
    reportPerturbation: int('REPORT_PERTURBATION', 2, 0, 10),
    introspection: bool('GRAPHQL_INTROSPECTION', !production),
    explorer: bool('EXPLORER', !production),
    corsOrigins,
    metricsToken,
    metricsPort: metricsPortRaw === undefined ? undefined : int('METRICS_PORT', 0, 1, 65535),
    otelEndpoint,
    trustedDocuments: bool('TRUSTED_DOCUMENTS', false),
    webhookRetryDelays: webhookRetryDelays.map(Number),
    webhookAllowInsecure: bool('WEBHOOK_ALLOW_INSECURE', false),
    subscriptionsPerConnection: int('SUBSCRIPTIONS_PER_CONNECTION', 20, 1, 10_000),
    subscriptionSockets: int('SUBSCRIPTION_SOCKETS', 1000, 1, 1_000_000),
    subscriptionSocketsPerUser: int('SUBSCRIPTION_SOCKETS_PER_USER', 10, 1, 1_000_000),
    webhooksPerOrganization: int('WEBHOOKS_PER_ORGANIZATION', 10, 1, 1000),
  };
  if (problems.length > 0) throw new ConfigError(problems);

  config.jwtSecret = new TextEncoder().encode(jwtSecret ?? localSecret(dataDir));
  return config;
}

/** Outside production the signing secret is generated once and kept in the data folder, so tokens survive restarts. */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
