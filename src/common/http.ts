import type { Server } from 'node:http';
import type express from 'express';

/**
 * An HTTP route beside /graphql: mounted on the app with the same sign-in as the API. Kept here,
 * below both the server and the domains, so a domain's route need not import the server.
 */
export type RouteMount = (app: express.Express, authenticate: express.RequestHandler) => void;

/**
 * Listens on `port` and `host`; a port already in use rejects with a message naming the variable that set it
 * (PORT, METRICS_PORT), not an unhandled error event.
 */
export function listen(server: Server, port: number, host: string, variableName: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const refused = (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new Error(`${variableName} ${port} on HOST ${host} is already in use: stop what holds it, or set ${variableName}`) : error);
    server.once('error', refused);
    server.listen(port, host, () => {
      server.off('error', refused);
      resolve();
    });
  });
}

/** The token of an `Authorization: Bearer <token>` header; null for no header, another scheme or more than one token. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header?.trim() ?? '')?.[1] ?? null;
}
