import type { DataSource, EntityManager } from 'typeorm';
import type { RateLimits } from '../auth/rate-limits';
import type { Config } from '../config';
import { AppError } from '../common/errors';
import { Context, type RequestInfo } from '../context';
import type { User } from '../people/user.entity';
import type { UpdateFanOut } from './fan-out';

/** What a subscription's stream yields: the value for its root field, and the context to resolve it in. */
export interface LiveEvent<T> {
  payload: T;
  /** Made for this event alone, so no DataLoader cache outlives it and the viewer is as of now. */
  context: Context;
}

/** What a subscription reaches beyond an ordinary request: the instance's feed of updates, and fresh contexts for each event. */
export interface LiveSource {
  updates: UpdateFanOut;
  /** A new context for an event of `batch`, with the viewer read again (once per batch and connection); null once the token or user is no longer good, the socket then closing with 4401. */
  eventContext(batch: number): Promise<Context | null>;
  /** The subscription fell MAX_PENDING_EVENTS behind: its socket closes with 1013 (Try Again Later). */
  overflowed(): void;
}

/** The context of one subscription over graphql-ws: a request's, plus the source of its events. */
export class SubscriptionContext extends Context {
  constructor(dataSource: DataSource, em: EntityManager, viewer: User, config: Config, limits: RateLimits, request: RequestInfo, readonly live: LiveSource) {
    super(dataSource, em, viewer, config, limits, request);
  }
}

/** A subscription operation sent as an HTTP request: Apollo would run its field once, with no event to give it. */
export class SubscriptionOverHttp extends AppError {
  constructor() {
    super('Subscriptions are served over the graphql-ws protocol on /graphql (a WebSocket), not by HTTP requests.', 'BAD_REQUEST');
  }
}
