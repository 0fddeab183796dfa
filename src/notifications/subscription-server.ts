import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Express } from 'express';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type ExecutionArgs,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import type { Context as SocketState, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import type { DataSource } from 'typeorm';
import { viewerFromAuthorization } from '../auth/auth.service';
import type { RateLimits } from '../auth/rate-limits';
import type { Config } from '../config';
import { Context, type RequestInfo } from '../context';
import { errorFormatter, isExpected } from '../common/error-format';
import { AppError, RateLimited, Unauthenticated } from '../common/errors';
import { normalizeInputValues } from '../common/input-values';
import type { Logger } from '../common/log';
import { queryLimitRefusal } from '../common/query-limits';
import { poolOf } from '../db/pool';
import type { Metrics } from '../observability/metrics';
import { registerSubscriptionGauges } from '../observability/subscription-metrics';
import type { User } from '../people/user.entity';
import { AllowList } from '../trusted-documents/allow-list';
import { loadManifest } from '../trusted-documents/manifest';
import { PersistedQueryNotFound, PersistedQueryNotInList } from '../trusted-documents/middleware';
import { UpdateFanOut } from './fan-out';
import { SubscriptionContext, type LiveEvent } from './subscription-context';
import { mapEach } from './subscription-stream';

const PATH = '/graphql';

/** graphql-ws close codes Beacon uses beyond the protocol's own. */
const CLOSE = {
  unauthorized: [4401, 'Unauthorized'],
  rateLimited: [4429, 'Too many requests'],
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
type ConnectionParams = { authorization?: unknown };
/** What Beacon keeps on each socket, beside graphql-ws's own `socket` and `request`. */
type Kept = { connection: Connection };
type State = SocketState<ConnectionParams, Extra & Partial<Kept>>;

/** More subscriptions on one connection than SUBSCRIPTIONS_PER_CONNECTION. */
class TooManySubscriptions extends AppError {
  constructor(limit: number) {
    super(`At most ${limit} subscriptions may be open on one connection; complete one first, or open another connection.`, 'TOO_MANY_SUBSCRIPTIONS', {
      maxSubscriptions: limit,
    });
  }
}

/** A caller's mistake found before anything ran, with the code Apollo gives it over HTTP (graphql-js gives none). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  const { nodes, source, positions, path, extensions } = error;
  return new GraphQLError(error.message, { nodes, source, positions, path, extensions: { ...extensions, code } });
}

/** The caller's address as Express gives it for an HTTP request (req.ip, under the app's `trust proxy`), so the per-address limits count both alike. */
function addressOf(app: Express, request: IncomingMessage): string {
  const asExpress = Object.create(app.request, { headers: { value: request.headers }, socket: { value: request.socket } });
  return String(asExpress.ip);
}

/** Refuses an upgrade before any WebSocket exists: a plain HTTP answer, then the socket closed. */
function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * One signed-in graphql-ws connection: who opened it, from where, and the token it showed, which
 * is checked again (signature, expiry, the user's token version and active flag, as on every HTTP
 * request) once per batch of events the connection receives, whatever number of subscriptions
 * it holds. A token no longer good closes the socket with 4401.
 */
class Connection {
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
}

/**
 * graphql-ws on the HTTP server's /graphql (Apollo's documented setup: a `ws` server beside
 * Apollo, disposed by a drainServer hook), with everything Apollo's plugins do over HTTP done
 * here too, since nothing on this path passes through them:
 * - connection_init signs the caller in from `{ authorization: "Bearer <token>" }` as HTTP does;
 *   no token, or a bad, expired or revoked one, closes with 4401. It counts as a request of the
 *   user (or, refused, of the address) against the per-minute limits; over them, 4429.
 * - Only subscriptions travel over the socket (queries and mutations: BAD_REQUEST, send them by
 *   HTTP). Each subscribe counts as a request too, is checked against TRUSTED_DOCUMENTS, parsed,
 *   validated, held to the depth and cost limits and to the NUL and id rules of input values,
 *   and refused past SUBSCRIPTIONS_PER_CONNECTION open on the connection.
 * - Errors are formatted and masked as over HTTP, with the subscription's request id.
 * - Each event runs with a context of its own (SubscriptionContext's LiveEvent): graphql-js would
 *   run every event of a subscription in the one context it began with.
 * - At most SUBSCRIPTION_SOCKETS sockets per instance; further upgrades are answered 503.
 * Roles that may not subscribe get FORBIDDEN from the field's @Authorized, as a result of errors
 * followed by complete, like any error that stops a subscription from starting.
 */
export function serveSubscriptions(deps: SubscriptionServerDeps): { drainPlugin: ApolloServerPlugin } {
  const { app, httpServer, config, dataSource, log, schema, limits, metrics } = deps;
  const updates = new UpdateFanOut({ ...poolOf(dataSource)!.options, application_name: 'beacon-updates', keepAlive: true }, dataSource, log);
  const sockets = new WebSocketServer({ noServer: true });
  if (metrics) registerSubscriptionGauges(metrics.registry, { sockets: () => sockets.clients.size, subscriptions: () => updates.size });

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://beacon').pathname !== PATH) return refuseUpgrade(socket, 404, 'Not Found');
    if (sockets.clients.size >= config.subscriptionSockets) return refuseUpgrade(socket, 503, 'Service Unavailable');
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  const format = errorFormatter({ hideSchemaDetails: !config.introspection });
  const formatErrors = (errors: readonly GraphQLError[], request: RequestInfo | undefined): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (!isExpected(error)) (request?.log ?? log).error({ err: unwrapResolverError(error), path: error.path }, 'internal error');
      const formatted = format(error.toJSON(), error);
      return { ...formatted, extensions: { ...formatted.extensions, ...(request ? { requestId: request.id } : {}) } };
    });
  const allowList = new AllowList(loadManifest());

  /** The text to run: with TRUSTED_DOCUMENTS=true only the client apps' documents, by hash or in full, as over HTTP. */
  const documentText = (payload: SubscribePayload): string => {
    const persisted = (payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
    if (typeof persisted === 'string') {
      const byHash = allowList.byHash(persisted);
      if (byHash !== undefined) return byHash;
      if (typeof payload.query !== 'string' || !payload.query) throw new PersistedQueryNotFound();
    }
    if (!config.trustedDocuments) return payload.query;
    const trusted = allowList.byText(payload.query, payload.operationName ?? undefined);
    if (trusted === undefined) throw new PersistedQueryNotInList();
    return trusted;
  };

  const onConnect = async (state: State): Promise<boolean> => {
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
      state.extra.connection = new Connection(viewer, authorization as string, address, socket, deps);
      return true;
    } catch (error) {
      if (error instanceof Unauthenticated) socket.close(...CLOSE.unauthorized);
      else if (error instanceof RateLimited) socket.close(CLOSE.rateLimited[0], `${CLOSE.rateLimited[1]}; retry in ${error.retryAfterSeconds} s`);
      else throw error;
      return false; // graphql-ws would close with 4403; the socket is already closing with the code above
    }
  };

  const onSubscribe = async (state: State, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const connection = state.extra.connection!;
    const request = connection.startRequest(id);
    try {
      // graphql-ws has already counted this one among the connection's subscriptions.
      if (Object.keys(state.subscriptions).length > config.subscriptionsPerConnection) throw new TooManySubscriptions(config.subscriptionsPerConnection);
      await limits.request(connection.viewer.id, connection.address);
      let document;
      try {
        document = parse(documentText(payload));
      } catch (error) {
        throw error instanceof GraphQLError && !(error instanceof AppError) ? withCode(error, 'GRAPHQL_PARSE_FAILED') : error;
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('The document names no operation to run, or more than one.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
      if (operation.operation !== 'subscription') {
        return [new GraphQLError('Only subscriptions travel over the WebSocket; send queries and mutations by HTTP to /graphql.', { extensions: { code: 'BAD_REQUEST' } })];
      }
      const variables = payload.variables ?? {};
      const refused = queryLimitRefusal(schema, document, operation, variables, payload.operationName ?? undefined, config.queryMaxCost);
      if (refused) return [refused];
      const live = { updates, eventContext: (batch: number) => connection.eventContext(batch, request) };
      return {
        schema,
        document: normalizeInputValues(schema, document, operation, variables),
        operationName: payload.operationName,
        variableValues: variables,
        contextValue: new SubscriptionContext(dataSource, dataSource.manager, connection.viewer, config, limits, request, live),
      };
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error as Error })];
    }
  };

  /** graphql-js's subscribe, except that each event runs in the context the event brings (LiveEvent), not the subscription's. */
  const subscribe = async (args: ExecutionArgs) => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream;
    return mapEach((stream as AsyncIterable<LiveEvent<unknown>>)[Symbol.asyncIterator](), async (event) => execute({ ...args, rootValue: event.payload, contextValue: event.context }));
  };

  const server = useServer<ConnectionParams, Kept>(
    {
      schema,
      onConnect,
      onSubscribe,
      subscribe,
      onNext: (_state, _id, _payload, args, result) =>
        result.errors ? { ...result, errors: formatErrors(result.errors, (args.contextValue as Context).request) } : undefined,
      onError: (state, id, _payload, errors) => {
        const request = state.extra.connection?.requests.get(id);
        state.extra.connection?.requests.delete(id);
        return formatErrors(errors, request);
      },
      onComplete: (state, id) => {
        state.extra.connection?.requests.delete(id);
      },
    },
    sockets,
  );

  return {
    drainPlugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            await server.dispose();
            await updates.stop();
          },
        };
      },
    },
  };
}
