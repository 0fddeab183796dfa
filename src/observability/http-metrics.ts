import { subscribe } from 'node:diagnostics_channel';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics';

const ROUTE = Symbol('beacon.route');

type Routed = Request & { [ROUTE]?: string };

let watchingRoutes = false;

/**
 * Express's router publishes each handler it calls on the `express.router.request` tracing
 * channel. While a handler runs, `baseUrl` and `route` say where the request was mounted
 * ('/graphql' for app.use('/graphql', …), '/reports/outcomes.csv' for app.get(…)); the last
 * one seen is the request's route. The error handler, mounted at the root, adds nothing, so a
 * request refused on its way into /graphql still counts as /graphql.
 */
function watchRoutes(): void {
  if (watchingRoutes) return;
  watchingRoutes = true;
  subscribe('tracing:express.router.request:start', (message) => {
    const req = (message as { req: Routed }).req;
    const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl;
    if (route) req[ROUTE] = route;
  });
}

/** Times every request into beacon_http_request_duration_seconds, labelled with its route pattern ("unmatched" when it reached none). */
export function timeRequests(metrics: Metrics): RequestHandler {
  watchRoutes();
  return (req: Routed, res: Response, next: NextFunction) => {
    const end = metrics.httpRequestDuration.startTimer({ method: req.method });
    res.once('finish', () => end({ route: req[ROUTE] ?? 'unmatched', status: String(res.statusCode) }));
    next();
  };
}
