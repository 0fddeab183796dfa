import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics';

const ROUTE = Symbol('beacon.route');

type Labelled = Request & { [ROUTE]?: string };

/** Labels the requests of a mount (app.use('/graphql', labelRoute('/graphql'), …)), which, unlike app.get, leaves no req.route behind. */
export function labelRoute(route: string): RequestHandler {
  return (req: Labelled, _res: Response, next: NextFunction) => {
    req[ROUTE] = route;
    next();
  };
}

/**
 * The request's route pattern: the mount's label, else the pattern of the app.get route that
 * took it (the router leaves that in req.route: '/reports/outcomes.csv', '/metrics'), else
 * "unmatched". Never the URL, so no ids or query strings.
 */
function routeOf(req: Labelled): string {
  return req[ROUTE] ?? (req.route ? String(req.route.path) : 'unmatched');
}

/** Times every request into beacon_http_request_duration_seconds, labelled with its route pattern. */
export function timeRequests(metrics: Metrics): RequestHandler {
  return (req: Labelled, res: Response, next: NextFunction) => {
    const end = metrics.httpRequestDuration.startTimer({ method: req.method });
    res.once('finish', () => end({ route: routeOf(req), status: String(res.statusCode) }));
    next();
  };
}
