import type { IncomingMessage, ServerResponse } from 'node:http';
import { DatabaseError } from 'pg';
import pino from 'pino';
import { QueryFailedError } from 'typeorm';

export type Logger = pino.Logger;

/**
 * What a database error may bring to the log: the SQLSTATE code and the names of the objects it
 * concerns. Never `parameters` (the bound values), `detail` (Key (email)=(…), Failing row
 * contains (…)), `where` (… parameter $3 = '…'), `hint`, `internalQuery` or anything a later
 * driver adds: an allow-list, so a new field stays out until someone decides it is safe.
 */
const DATABASE_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'schema', 'dataType', 'routine', 'position'] as const;

/**
 * SQLSTATE classes whose messages name only objects of the statement, never a value: connection
 * (08), integrity (23: the values are in `detail`), transaction rollback (40), syntax and access
 * (42), resources (53, 54), object state (55), operator intervention (57), system (58); and
 * 22001, a string too long for its column. Other messages may quote a value ('invalid input
 * syntax for type uuid: "…"', a trigger's RAISE), so only their code is logged.
 */
const MESSAGE_IS_SAFE = /^(08|23|40|42|53|54|55|57|58)|^22001$/;

function databaseError(error: Error): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  if (error instanceof QueryFailedError && error.driverError instanceof DatabaseError) return error.driverError;
  return undefined;
}

/** A stack without its first line, which repeats the message. */
function frames(stack: string | undefined): string | undefined {
  return stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
}

/**
 * Errors by allow-list: type, message, stack, code and cause; a database error gives its SQL
 * text (with $n placeholders, never the values), its code and the objects it names, and its
 * message only when that message cannot quote a value.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const type = error.constructor.name;
  const cause = error.cause === undefined ? {} : { cause: serializeError(error.cause) };
  const database = databaseError(error);
  if (!database) {
    const code = (error as { code?: unknown }).code;
    return { type, message: error.message, stack: error.stack, ...(typeof code === 'string' ? { code } : {}), ...cause };
  }
  const fields = Object.fromEntries(DATABASE_FIELDS.filter((key) => database[key] !== undefined).map((key) => [key, database[key]]));
  const safe = MESSAGE_IS_SAFE.test(database.code ?? '');
  return {
    type,
    ...(safe ? { message: database.message } : {}),
    ...fields,
    ...(error instanceof QueryFailedError ? { query: error.query } : {}),
    stack: safe ? error.stack : frames(error.stack),
    ...cause,
  };
}

/** A request line names the method and path: never the query string (GET /graphql carries variables there), headers or body. */
function serializeRequest(req: IncomingMessage & { id?: unknown; originalUrl?: string }) {
  return { id: req.id, method: req.method, path: (req.originalUrl ?? req.url ?? '').split('?')[0] };
}

function serializeResponse(res: ServerResponse) {
  return { statusCode: res.statusCode };
}

/** JSON lines on stdout, or on `destination` (tests read the log from there). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'beacon' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Bearer tokens and cookies never reach the log, should a line ever carry a request's headers.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: { err: serializeError, req: serializeRequest, res: serializeResponse },
    },
    destination,
  );
}
