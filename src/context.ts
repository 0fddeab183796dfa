import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './common/log';
import { Unauthenticated } from './common/errors';
import type { RateLimits } from './auth/rate-limits';
import type { User } from './people/user.entity';

/** Who is asking, as the HTTP layer saw it. */
export interface RequestInfo {
  /** The server's own id for the request, never the caller's. */
  id: string;
  /** The caller's own X-Request-Id, kept beside `id`, never in its place. */
  correlationId: string | null;
  /** The caller's address (behind a trusted proxy, the one it saw), for the per-address limits. */
  address: string;
  log: Logger;
}

/**
 * Everything that belongs to one request: who asks, the EntityManager to use (the
 * transaction's, inside one), the request's DataLoaders and its ids. Services take it as
 * their first argument and never reach for a global connection.
 */
export class Context {
  private loaders = new Map<unknown, unknown>();

  constructor(
    readonly dataSource: DataSource,
    readonly em: EntityManager,
    readonly viewer: User | null,
    readonly config: Config,
    readonly limits: RateLimits,
    readonly request: RequestInfo,
  ) {}

  /** The server's own id for this request (errors, logs and audit events carry it). */
  get requestId(): string {
    return this.request.id;
  }

  get log(): Logger {
    return this.request.log;
  }

  /** The signed-in user; UNAUTHENTICATED for an anonymous caller. */
  get user(): User {
    if (!this.viewer) throw new Unauthenticated();
    return this.viewer;
  }

  /** The request's instance of a domain's loaders, made on first use (one per factory, so batching spans the request). */
  load<T>(factory: (ctx: Context) => T): T {
    if (!this.loaders.has(factory)) this.loaders.set(factory, factory(this));
    return this.loaders.get(factory) as T;
  }

  /**
   * Runs `work` in one transaction with a context bound to it. Loaders cached before it may
   * hold what the transaction changed, so they are dropped once it commits.
   */
  async transaction<T>(work: (tx: Context) => Promise<T>): Promise<T> {
    if (this.em.queryRunner?.isTransactionActive) return work(this);
    const result = await this.em.transaction((em) =>
      work(new Context(this.dataSource, em, this.viewer, this.config, this.limits, this.request)),
    );
    this.loaders = new Map();
    return result;
  }
}
