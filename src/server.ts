import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { GraphQLSchema } from 'graphql';
import { pinoHttp } from 'pino-http';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { viewerFromAuthorization } from './auth/auth.service';
import type { RateLimits } from './auth/rate-limits';
import { AppError, RateLimited } from './common/errors';
import { errorLoggingPlugin, errorFormatter } from './common/error-format';
import { inputValuesPlugin, refuseNulInQuery } from './common/input-values';
import type { Logger } from './common/log';
import { queryLimitsPlugin } from './common/query-limits';
import { assignRequestIds } from './common/request-ids';
import { Context } from './context';
import { isReady } from './db/data-source';
import { corsFor } from './http/cors';
import { mountExplorer } from './http/explorer';
import { routes } from './modules';
import { serveSubscriptions } from './notifications/subscription-server';
import { DeliveryWorker } from './notifications/webhook-worker';
import { graphqlMetricsPlugin } from './observability/graphql-metrics';
import { labelRoute, timeRequests } from './observability/http-metrics';
import { Metrics } from './observability/metrics';
import { exposeMetrics, metricsWanted } from './observability/metrics-endpoint';
import { registerNotificationGauges } from './observability/notification-metrics';
import { registerPoolGauges } from './observability/pool-metrics';
import { compiledExecution } from './trusted-documents/compiled-execution';
import { trustedDocuments } from './trusted-documents/middleware';

export interface ServerDeps {
  config: Config;
  dataSource: DataSource;
  log: Logger;
  schema: GraphQLSchema;
  limits: RateLimits;
}

declare module 'express-serve-static-core' {
  interface Request {
    context?: Context;
  }
}

export async function createServer({ config, dataSource, log, schema, limits }: ServerDeps) {
  const app = express();
  const httpServer = http.createServer(app);
  // Idle keep-alive connections outlive a load balancer's (60 s is common) and a client's own
  // reuse window: with Node's 5 s, a client sending on a connection the server is closing gets
  // ECONNRESET, seen in the tests on a busy machine and in production behind a balancer as 502s.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  app.disable('x-powered-by');
  // X-Forwarded-For is believed only from proxies on this host or a private network; with `true`
  // any client could name itself a new address per request and escape the per-address limits.
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  // Without METRICS_TOKEN or METRICS_PORT nobody could read them: nothing is collected, no hook is mounted.
  const metrics = metricsWanted(config) ? new Metrics() : null;
  if (metrics) {
    registerPoolGauges(metrics.registry, dataSource);
    registerNotificationGauges(metrics.registry, dataSource);
    limits.onRefused = (limit) => metrics.rateLimitRefusals.inc({ kind: limit });
  }

  app.use(assignRequestIds);
  if (metrics) app.use(timeRequests(metrics));
  app.use(
    pinoHttp({
      logger: log,
      // The logger's own serializers, which log no body, query string or header (pino-http's would replace them).
      wrapSerializers: false,
      customAttributeKeys: { reqId: 'requestId' },
      customProps: (req) => (req.correlationId ? { correlationId: req.correlationId } : {}),
      // Request-scoped lines carry just the request id; the completion line carries the request itself.
      quietReqLogger: true,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );
  app.use(corsFor(config));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await isReady(dataSource);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable' });
  });
  const metricsServer = metrics ? await exposeMetrics(app, metrics, config) : null;

  /**
   * Signs the caller in from the bearer token; a bad, expired or revoked one is refused here for
   * every route, and so is a caller over its requests per minute. A refused token counts as an
   * anonymous request of its address, so made-up tokens are no way around the anonymous limit.
   */
  const authenticate = async (req: Request, _res: Response, next: NextFunction) => {
    try {
      const address = String(req.ip);
      const viewer = await viewerFromAuthorization(dataSource, req.headers.authorization, config).catch(async (error) => {
        await limits.request(null, address);
        throw error;
      });
      await limits.request(viewer?.id ?? null, address);
      const request = { id: String(req.id), correlationId: req.correlationId ?? null, address, log: req.log };
      req.context = new Context(dataSource, dataSource.manager, viewer, config, limits, request);
      next();
    } catch (error) {
      next(error);
    }
  };

  // graphql-ws on the same /graphql; Apollo's drain (stop() below) closes its sockets.
  const subscriptions = serveSubscriptions({ app, httpServer, config, dataSource, log, schema, limits, metrics });
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(schema),
    // Without introspection, errors name no type or field the caller did not write ("Did you mean …?").
    formatError: errorFormatter({ hideSchemaDetails: !config.introspection }),
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    hideSchemaDetailsFromClientErrors: !config.introspection,
    // The caller owns shutdown (stop() below, then what it opened itself), not Apollo's own signal handlers.
    stopOnTerminationSignals: false,
    // Documents are looked up by hash in trusted-documents/, never registered by callers.
    persistedQueries: false,
    // Compact JSON: Apollo's default indents every response, which cost about 4% of a busy server's CPU and
    // a third more bytes; clients parse it anyway, and the explorer shows it indented.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      subscriptions.drainPlugin,
      // Beacon sets no cache hints; without this plugin Apollo would still visit every field for them.
      ApolloServerPluginCacheControlDisabled(),
      // The explorer is Beacon's own (http/explorer.ts), not Apollo's page from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin(config.queryMaxCost),
      inputValuesPlugin,
      errorLoggingPlugin,
      ...(metrics ? [graphqlMetricsPlugin(metrics)] : []),
    ],
  });
  await apollo.start();

  mountExplorer(app, config);
  app.use('/graphql', ...(metrics ? [labelRoute('/graphql')] : []), express.json({ limit: '1mb' }), authenticate, trustedDocuments(config), expressMiddleware(apollo, { context: async ({ req }) => req.context! }));
  // The REST routes' query parameters: text with a NUL is BAD_USER_INPUT, as in GraphQL.
  app.use(refuseNulInQuery);
  for (const mount of routes) mount(app, authenticate);

  // Malformed JSON, a bad token, or anything else that escaped: a JSON error with the request id, never a stack trace.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const requestId = String(req.id);
    if (error instanceof AppError) {
      if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterSeconds));
      res.status(error.httpStatus).json({ errors: [{ message: error.message, extensions: { ...error.extensions, requestId } }] });
      return;
    }
    const status = (error as { status?: number }).status;
    if (status && status >= 400 && status < 500) {
      res.status(status).json({ errors: [{ message: 'The request could not be read.', extensions: { code: 'BAD_REQUEST', requestId } }] });
      return;
    }
    req.log.error({ err: error }, 'unhandled error');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
  });

  // Every instance sends webhook deliveries; claims in the database keep them from sending one twice.
  const webhookWorker = new DeliveryWorker(dataSource, config, log);
  webhookWorker.start();

  return {
    httpServer,
    metrics,
    /** Stops taking requests and lets those in flight finish; the caller then closes the limits and the data source it gave. */
    async stop() {
      await apollo.stop();
      await webhookWorker.stop();
      await metricsServer?.close();
    },
  };
}
