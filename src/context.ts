import type { DataSource, EntityManager } from 'typeorm';
import type { Config } from './config';
import type { Logger } from './common/log';
import { Unauthenticated } from './common/errors';
import type { RateLimits } from './auth/rate-limits';
import type { User } from './people/user.entity';

/**
 * Everything that belongs to one request: who asks, the EntityManager to use (the
 * transaction's, inside one), the request's DataLoaders and its id. Services take it as
 * their first argument and never reach for a global connection.
 */
export class Context {
  private loaders = new Map<unknown, unknown>();

  constructor(
    readonly dataSource: DataSource,
    readonly em: EntityManager,
    readonly viewer: User | null,
    readonly requestId: string,
    readonly log: Logger,
    readonly config: Config,
    readonly limits: RateLimits,
    /** The caller's address (behind a trusted proxy, the one it saw), for the per-address limits. */
    readonly clientAddress: string,
  ) {}

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
      work(new Context(this.dataSource, em, this.viewer, this.requestId, this.log, this.config, this.limits, this.clientAddress)),
    );
    this.loaders = new Map();
    return result;
  }

}
