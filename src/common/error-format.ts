import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from '../context';
import { AppError } from './errors';

/** Codes that describe a caller's mistake; their messages are safe to show as they are. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'QUERY_TOO_COMPLEX',
]);

export function isExpected(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return true;
  return original instanceof GraphQLError && CLIENT_CODES.has(String(original.extensions?.code));
}

/**
 * graphql-js reports a bad variable as `Variable "$input" got invalid value … at "input.locations[0].latitude"; …`:
 * the path becomes `extensions.fields`, like every other BAD_USER_INPUT.
 */
function variableFields(message: string): { field: string; message: string }[] | undefined {
  const match = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?; (.*)$/s.exec(message);
  if (!match) return undefined;
  const field = (match[2] ?? match[1]).replace(/\[(\d+)\]/g, '.$1');
  return [{ field, message: match[3] }];
}

/** graphql-js's hints at names the caller did not write ("Did you mean …?"), as Apollo's own option strips them from validation errors. */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

/**
 * Masks whatever is not one of ours or a caller's mistake; no stack trace ever leaves the server.
 * With `hideSchemaDetails` (introspection off) a bad variable's message suggests no enum value either.
 */
export function errorFormatter({ hideSchemaDetails }: { hideSchemaDetails: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!isExpected(error)) {
      const { locations, path } = formatted;
      return { message: 'Internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const message = hideSchemaDetails ? formatted.message.replace(SUGGESTION, '') : formatted.message;
    if (extensions.code === 'BAD_USER_INPUT' && !extensions.fields) {
      const fields = variableFields(message);
      if (fields) extensions.fields = fields;
    }
    return { ...formatted, message, extensions };
  };
}

/** Logs unexpected errors whole, with the request id, and stamps that id on every error the client sees. */
export const errorLoggingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) {
          if (!isExpected(error)) contextValue.log.error({ err: unwrapResolverError(error), path: error.path }, 'internal error');
        }
      },
      async willSendResponse({ response, contextValue }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((e) => ({
          ...e,
          extensions: { ...e.extensions, requestId: contextValue.requestId },
        }));
      },
    };
  },
};
