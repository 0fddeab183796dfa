import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** The caller's own X-Request-Id, when it sent a well-formed one: kept beside the server's id, never in its place. */
    correlationId?: string | null;
  }
}

/** Letters, digits and `_ . : -`, at most 128: enough for any tracing scheme, too little to carry a record. */
const CORRELATION_ID = /^[\w.:-]{1,128}$/;

/**
 * Every request gets the server's own id, whatever the caller sends: it is what audit events,
 * log lines and errors' `extensions.requestId` carry, so a caller cannot make its requests look
 * like someone else's. The response says it in `X-Request-Id`, and echoes a kept caller id in
 * `X-Correlation-Id`.
 */
export function assignRequestIds(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  req.id = randomUUID();
  req.correlationId = typeof given === 'string' && CORRELATION_ID.test(given) ? given : null;
  res.setHeader('X-Request-Id', req.id);
  if (req.correlationId) res.setHeader('X-Correlation-Id', req.correlationId);
  next();
}
