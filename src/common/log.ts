import pino from 'pino';

export type Logger = pino.Logger;

/** JSON lines on stdout, or on `destination` (tests read the log from there). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'beacon' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Bearer tokens and cookies never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    destination,
  );
}
