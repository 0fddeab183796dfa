import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { Context as SocketState } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { DataSource } from 'typeorm';
import { viewerFromAuthorization } from '../auth/auth.service';
import type { RateLimits } from '../auth/rate-limits';
import type { Config } from '../config';
import { Context, type RequestInfo } from '../context';
import { RateLimited, Unauthenticated } from '../common/errors';
import type { Logger } from '../common/log';
import type { Metrics } from '../observability/metrics';
import type { User } from '../people/user.entity';

export const PATH = '/graphql';

/** Close codes Beacon uses beyond graphql-ws's own (README, Live updates). */
export const CLOSE = {
  unauthorized: [4401, 'Unauthorized'],
  /** Over the per-minute request limits, or over SUBSCRIPTION_SOCKETS_PER_USER: the reason says which. */
  tooMany: 4429,
  /** RFC 6455's Try Again Later: the client read updates more slowly than they came (subscription-stream.ts). */
  overflow: [1013, 'Try again later: updates came faster than the client read them'],
} as const;

export interface SubscriptionServerDeps {
  app: Express;
  httpServer: Server;
  config: Config;
  dataSource: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  limits: RateLimits;
  metrics: Metrics | null;
}

/** The connection_init payload: `{ authorization: "Bearer <token>" }`. */
export type ConnectionParams = { authorization?: unknown };
/** What Beacon keeps on each socket, beside graphql-ws's own `socket` and `request`. */
export type Kept = { connection: Connection };
export type State = SocketState<ConnectionParams, Extra & Partial<Kept>>;

/** The caller's address as Express gives it for an HTTP request (req.ip, under the app's `trust proxy`), so the per-address limits count both alike. */
function addressOf(app: Express, request: IncomingMessage): string {
  const asExpress = Object.create(app.request, { headers: { value: request.headers }, socket: { value: request.socket } });
  return String(asExpress.ip);
}

/** Refuses an upgrade before any WebSocket exists: a plain HTTP answer, then the socket closed. */
function refuseUpgrade(socket: Duplex, status: number, text: string, headers = ''): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\n${headers}Connection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * One signed-in graphql-ws connection: who opened it, from where, and the token it showed, which
 * is checked again (signature, expiry, the user's token version and active flag, as on every HTTP
 * request) once per batch of events the connection receives, whatever number of subscriptions
 * it holds. A token no longer good closes the socket with 4401.
 */
export class Connection {
  private recheck: { batch: number; viewer: Promise<User | null> } | null = null;
  /** Each operation's request, by the client's subscription id, until it completes or fails. */
  readonly requests = new Map<string, RequestInfo>();

  constructor(
    readonly viewer: User,
    private readonly authorization: string,
    readonly address: string,
    private readonly socket: WebSocket,
    private readonly deps: SubscriptionServerDeps,
  ) {}

  /** A server request id of its own for each subscription: its log lines, errors and audit events carry it. */
  startRequest(subscriptionId: string): RequestInfo {
    const id = randomUUID();
    const request = { id, correlationId: null, address: this.address, log: this.deps.log.child({ requestId: id, subscriptionId }) };
    this.requests.set(subscriptionId, request);
    return request;
  }

  viewerAt(batch: number): Promise<User | null> {
    if (this.recheck?.batch !== batch) {
      const { dataSource, config } = this.deps;
      const viewer = viewerFromAuthorization(dataSource, this.authorization, config).catch((error) => {
        if (!(error instanceof Unauthenticated)) throw error;
        this.socket.close(...CLOSE.unauthorized);
        return null;
      });
      this.recheck = { batch, viewer };
    }
    return this.recheck.viewer;
  }

  async eventContext(batch: number, request: RequestInfo): Promise<Context | null> {
    const viewer = await this.viewerAt(batch);
    const { dataSource, config, limits } = this.deps;
    return viewer && new Context(dataSource, dataSource.manager, viewer, config, limits, request);
  }

  /** One of its subscriptions fell too far behind: the whole socket goes, so the client reconnects and catches up by polling. */
  overflowed(): void {
    this.socket.close(...CLOSE.overflow);
  }
}

/**
 * Who may hold a socket, checked twice. At the upgrade, before any WebSocket exists: /graphql
 * only (404), SUBSCRIPTION_SOCKETS per instance (503), and the upgrade counts as an anonymous
 * request of the address (429 with Retry-After past it), so sockets cannot be opened faster than
 * HTTP requests could be sent. At connection_init: the token signs the caller in as HTTP does
 * (4401 without a good one), that counts as a request of the user (or, refused, of the address;
 * 4429 past the limit), and a user holds at most SUBSCRIPTION_SOCKETS_PER_USER sockets on the
 * instance (4429), so no one user can take every socket. A socket that sends no connection_init
 * is closed by graphql-ws after its connectionInitWaitTimeout (subscription-server.ts).
 */
export class SocketGate {
  /** Signed-in sockets per user id, on this instance. */
  private readonly perUser = new Map<string, number>();

  constructor(
    private readonly deps: SubscriptionServerDeps,
    private readonly sockets: WebSocketServer,
  ) {}

  async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { app, config, limits, log } = this.deps;
    if (new URL(request.url ?? '/', 'http://beacon').pathname !== PATH) return refuseUpgrade(socket, 404, 'Not Found');
    // Until ws takes the socket over, a reset by the client would be an 'error' nobody handles.
    const dropped = () => socket.destroy();
    socket.on('error', dropped);
    try {
      await limits.request(null, addressOf(app, request));
    } catch (error) {
      if (error instanceof RateLimited) return refuseUpgrade(socket, 429, 'Too Many Requests', `Retry-After: ${error.retryAfterSeconds}\r\n`);
      log.error({ err: error }, 'a WebSocket upgrade could not be counted');
      return refuseUpgrade(socket, 500, 'Internal Server Error');
    } finally {
      socket.off('error', dropped);
    }
    if (socket.destroyed) return;
    // Checked after the count, right before ws adds the socket (synchronously), so parallel upgrades cannot all slip past it.
    if (this.sockets.clients.size >= config.subscriptionSockets) return refuseUpgrade(socket, 503, 'Service Unavailable');
    this.sockets.handleUpgrade(request, socket, head, (ws) => this.sockets.emit('connection', ws, request));
  }

  /** graphql-ws's onConnect: true admits the connection; false once the socket is already closing with Beacon's own code. */
  async connect(state: State): Promise<boolean> {
    const { app, config, dataSource, limits } = this.deps;
    const { socket, request } = state.extra;
    const address = addressOf(app, request);
    const authorization = state.connectionParams?.authorization;
    try {
      const viewer = await viewerFromAuthorization(dataSource, typeof authorization === 'string' ? authorization : undefined, config).catch(async (error) => {
        await limits.request(null, address);
        throw error;
      });
      await limits.request(viewer?.id ?? null, address);
      if (!viewer) throw new Unauthenticated();
      const held = this.perUser.get(viewer.id) ?? 0;
      if (held >= config.subscriptionSocketsPerUser) {
        socket.close(CLOSE.tooMany, `Too many sockets; at most ${config.subscriptionSocketsPerUser} per user`);
        return false;
      }
      this.perUser.set(viewer.id, held + 1);
      socket.once('close', () => this.release(viewer.id));
      state.extra.connection = new Connection(viewer, authorization as string, address, socket, this.deps);
      return true;
    } catch (error) {
      if (error instanceof Unauthenticated) socket.close(...CLOSE.unauthorized);
      else if (error instanceof RateLimited) socket.close(CLOSE.tooMany, `Too many requests; retry in ${error.retryAfterSeconds} s`);
      else throw error;
      return false; // graphql-ws would close with 4403; the socket is already closing with the code above
    }
  }

  private release(userId: string): void {
    const held = (this.perUser.get(userId) ?? 1) - 1;
    if (held > 0) this.perUser.set(userId, held);
    else this.perUser.delete(userId);
  }
}
