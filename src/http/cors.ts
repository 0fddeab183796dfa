import cors from 'cors';
import { Router, type RequestHandler } from 'express';
import type { Config } from '../config';

/** The routes browsers on other origins may call with a token: the API, the CSV reports and the HSDS import. */
const PATHS = ['/graphql', '/reports', '/hsds/import'];
/** The HSDS API is public and read only (211 search sites, aggregators): any page may read it. */
const PUBLIC = '/hsds';
/** CORS_ORIGINS unset outside production: a web app served from this machine, on any port. */
const LOCAL_ORIGIN = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

function isAllowedOrigin(origin: string, allowed: Config['corsOrigins']): boolean {
  return allowed === 'localhost' ? LOCAL_ORIGIN.test(origin) : allowed.includes(origin);
}

/**
 * CORS for PATHS (prefixes), and for the public HSDS API any origin. Bearer tokens travel in a header, never a cookie, so no credentials.
 * An origin not allowed gets no Access-Control-Allow-Origin, and its preflight a plain 204 with
 * nothing granted, rather than falling through to the GraphQL route's 405.
 */
export function corsFor(config: Config): RequestHandler {
  const router = Router();
  const anyPage = cors({ origin: '*', methods: ['GET', 'HEAD', 'OPTIONS'], exposedHeaders: ['x-request-id', 'Retry-After'], credentials: false, maxAge: 600 });
  router.use(PUBLIC, (req, res, next) => {
    if (req.path === '/import' || req.path.startsWith('/import/')) return next();
    anyPage(req, res, () => (req.method === 'OPTIONS' ? res.status(204).end() : next()));
  });
  router.use(
    PATHS,
    (_req, res, next) => {
      res.vary('Origin'); // Answers differ by origin, allowed or not: caches must not share them.
      next();
    },
    cors({
      origin: (origin, callback) => callback(null, origin !== undefined && isAllowedOrigin(origin, config.corsOrigins)),
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', 'x-request-id'],
      // X-Correlation-Id echoes a caller's own X-Request-Id (common/request-ids.ts).
      exposedHeaders: ['x-request-id', 'x-correlation-id', 'Retry-After'],
      credentials: false,
      maxAge: 600,
    }),
    (req, res, next) => {
      if (req.method === 'OPTIONS') res.status(204).end();
      else next();
    },
  );
  return router;
}
