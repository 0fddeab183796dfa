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
      // A database error's detail and bound parameters can carry a person's data (Key (email)=(...)); its SQL and code are enough.
      serializers: {
        err: (error: Error) => {
          const { detail: _detail, parameters: _parameters, ...rest } = pino.stdSerializers.err(error) as Record<string, unknown>;
          return rest;
        },
      },
    },
    destination,
  );
}
