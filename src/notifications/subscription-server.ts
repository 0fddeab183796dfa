import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApolloServerPlugin } from '@apollo/server';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { connectionOptions } from '../db/pool';
import { registerSubscriptionGauges } from '../observability/subscription-metrics';
import { UpdateFanOut } from './fan-out';
import { SocketGate, type ConnectionParams, type Kept, type SubscriptionServerDeps } from './subscription-connection';
import { operationHandlers } from './subscription-operation';

/**
 * The largest message a socket may send. ws's default is 100 MiB, and a connection_init is read
 * whole before anyone is signed in, so anyone could make the server buffer that much per socket.
 * The largest legitimate message is a subscribe with the client apps' ReferralUpdates (well under
 * 1 KiB) or any document within the depth and cost limits; 64 KiB leaves room for those and
 * their variables. A bigger message closes the socket with 1009 (Message Too Big).
 */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** How long a socket may stay open without connection_init (graphql-ws's default, stated): unsigned sockets hold a place among SUBSCRIPTION_SOCKETS. */
const CONNECTION_INIT_WAIT_MS = 3000;
/** How long stop() waits for clients to answer the close before dropping their sockets (ws itself would wait 30 s for each). */
const CLOSE_GRACE_MS = 1000;

/**
 * graphql-ws on the HTTP server's /graphql (Apollo's documented setup: a `ws` server beside
 * Apollo, disposed by a drainServer hook). Who may hold a socket is SocketGate's to decide
 * (subscription-connection.ts); what each operation may do, operationHandlers'
 * (subscription-operation.ts). Roles that may not subscribe get FORBIDDEN from the field's
 * @Authorized, as a result of errors followed by complete, like any error that stops a
 * subscription from starting.
 */
export function serveSubscriptions(deps: SubscriptionServerDeps): { drainPlugin: ApolloServerPlugin } {
  const { httpServer, dataSource, log, metrics } = deps;
  const updates = new UpdateFanOut(connectionOptions(dataSource, 'beacon-updates'), dataSource, log);
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  if (metrics) registerSubscriptionGauges(metrics.registry, { sockets: () => sockets.clients.size, subscriptions: () => updates.size });
  const gate = new SocketGate(deps, sockets);

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => void gate.upgrade(request, socket, head));

  const server = useServer<ConnectionParams, Kept>(
    { schema: deps.schema, connectionInitWaitTimeout: CONNECTION_INIT_WAIT_MS, onConnect: (state) => gate.connect(state), ...operationHandlers(deps, updates) },
    sockets,
  );

  return {
    drainPlugin: {
      async serverWillStart() {
        return {
          async drainServer() {
            // dispose() sends every socket 1001 and waits until all have closed; a client that never answers would hold stop() for ws's 30 s.
            const late = setTimeout(() => {
              for (const socket of sockets.clients) socket.terminate();
            }, CLOSE_GRACE_MS);
            try {
              await server.dispose();
            } finally {
              clearTimeout(late);
            }
            await updates.stop();
          },
        };
      },
    },
  };
}
