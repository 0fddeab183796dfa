import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { Express, NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { Unauthenticated } from '../common/errors';
import { bearerToken, listen } from '../common/http';
import type { Metrics } from './metrics';

export interface MetricsServer {
  server: http.Server;
  close(): Promise<void>;
}

/** Metrics are collected only when something can read them: METRICS_TOKEN or METRICS_PORT. */
export function metricsWanted({ metricsToken, metricsPort }: Pick<Config, 'metricsToken' | 'metricsPort'>): boolean {
  return metricsToken !== undefined || metricsPort !== undefined;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <token>`, compared in constant time (as digests, so the lengths match too). */
function hasToken(authorization: string | undefined, expected: Buffer): boolean {
  const token = bearerToken(authorization);
  return token !== null && timingSafeEqual(digest(token), expected);
}

/**
 * Serves the metrics where the configuration says: GET /metrics on the main app for callers
 * with METRICS_TOKEN (outside the GraphQL sign-in and rate limits: a scraper is not a user),
 * and/or a server of its own on METRICS_PORT, bound to HOST, with no token (metricsWanted says
 * whether either is set). The caller closes the returned server.
 */
export async function exposeMetrics(
  app: Express,
  metrics: Metrics,
  { metricsToken, metricsPort, host }: Pick<Config, 'metricsToken' | 'metricsPort' | 'host'>,
): Promise<MetricsServer | null> {
  if (metricsToken !== undefined) {
    const expected = digest(metricsToken);
    app.get('/metrics', async (req: Request, res: Response, next: NextFunction) => {
      if (!hasToken(req.headers.authorization, expected)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        next(new Unauthenticated('Metrics need the metrics token.'));
        return;
      }
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  }
  return metricsPort === undefined ? null : serveOnPort(metrics, metricsPort, host);
}

async function serveOnPort(metrics: Metrics, port: number, host: string): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://metrics').pathname !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await listen(server, port, host, 'METRICS_PORT');
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection open between scrapes; closing must not wait for it.
        server.closeAllConnections();
      }),
  };
}
