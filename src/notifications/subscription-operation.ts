import { unwrapResolverError } from '@apollo/server/errors';
import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  validate,
  type ExecutionArgs,
  type GraphQLFormattedError,
} from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import type { Context, RequestInfo } from '../context';
import { errorFormatter, isExpected } from '../common/error-format';
import { AppError } from '../common/errors';
import { normalizeInputValues } from '../common/input-values';
import { queryLimitRefusal } from '../common/query-limits';
import { AllowList } from '../trusted-documents/allow-list';
import { loadManifest } from '../trusted-documents/manifest';
import { trustedText } from '../trusted-documents/trusted-text';
import type { UpdateFanOut } from './fan-out';
import type { State, SubscriptionServerDeps } from './subscription-connection';
import { SubscriptionContext, type LiveEvent } from './subscription-context';
import { mapEach } from './subscription-stream';

/** More subscriptions on one connection than SUBSCRIPTIONS_PER_CONNECTION. */
class TooManySubscriptions extends AppError {
  constructor(limit: number) {
    super(`At most ${limit} subscriptions may be open on one connection; complete one first, or open another connection.`, 'TOO_MANY_SUBSCRIPTIONS', {
      maxSubscriptions: limit,
    });
  }
}

/** A caller's mistake found before anything ran, with the code Apollo gives it over HTTP (graphql-js gives none). */
function withCode(error: GraphQLError, code: string): GraphQLError {
  const { nodes, source, positions, path, extensions } = error;
  return new GraphQLError(error.message, { nodes, source, positions, path, extensions: { ...extensions, code } });
}

/** graphql-js's subscribe, except that each event runs in the context the event brings (LiveEvent), not the subscription's. */
async function subscribe(args: ExecutionArgs) {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  return mapEach((stream as AsyncIterable<LiveEvent<unknown>>)[Symbol.asyncIterator](), async (event) => execute({ ...args, rootValue: event.payload, contextValue: event.context }));
}

/**
 * graphql-ws's handlers for each operation on a signed-in connection, doing what Apollo and its
 * plugins do over HTTP, since nothing on this path passes through them:
 * - Only subscriptions travel over the socket (queries and mutations: BAD_REQUEST, send them by
 *   HTTP). Each subscribe counts as a request, is checked against TRUSTED_DOCUMENTS, parsed,
 *   validated, held to the depth and cost limits and to the NUL and id rules of input values,
 *   and refused past SUBSCRIPTIONS_PER_CONNECTION open on the connection.
 * - Errors are formatted and masked as over HTTP, with the subscription's request id.
 * - Each event runs with a context of its own (SubscriptionContext's LiveEvent): graphql-js would
 *   run every event of a subscription in the one context it began with.
 */
export function operationHandlers(deps: SubscriptionServerDeps, updates: UpdateFanOut) {
  const { config, dataSource, log, schema, limits } = deps;
  const allowList = new AllowList(loadManifest());
  const format = errorFormatter({ hideSchemaDetails: !config.introspection });
  const formatErrors = (errors: readonly GraphQLError[], request: RequestInfo | undefined): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (!isExpected(error)) (request?.log ?? log).error({ err: unwrapResolverError(error), path: error.path }, 'internal error');
      const formatted = format(error.toJSON(), error);
      return { ...formatted, extensions: { ...formatted.extensions, ...(request ? { requestId: request.id } : {}) } };
    });

  const onSubscribe = async (state: State, id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const connection = state.extra.connection!;
    const request = connection.startRequest(id);
    try {
      // Counted first, like any request, so that refused subscribes cannot be sent for free.
      await limits.request(connection.viewer.id, connection.address);
      // graphql-ws has already counted this one among the connection's subscriptions.
      if (Object.keys(state.subscriptions).length > config.subscriptionsPerConnection) throw new TooManySubscriptions(config.subscriptionsPerConnection);
      const hash = (payload.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
      const text = trustedText(allowList, config.trustedDocuments, {
        query: payload.query,
        operationName: payload.operationName,
        hash: typeof hash === 'string' ? hash : undefined,
      });
      let document;
      try {
        document = parse(text as string);
      } catch (error) {
        throw error instanceof GraphQLError ? withCode(error, 'GRAPHQL_PARSE_FAILED') : error;
      }
      const invalid = validate(schema, document);
      if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) return [new GraphQLError('The document names no operation to run, or more than one.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
      if (operation.operation !== 'subscription') {
        return [new GraphQLError('Only subscriptions travel over the WebSocket; send queries and mutations by HTTP to /graphql.', { extensions: { code: 'BAD_REQUEST' } })];
      }
      const variables = payload.variables ?? {};
      const refused = queryLimitRefusal(schema, document, operation, variables, payload.operationName ?? undefined, config.queryMaxCost);
      if (refused) return [refused];
      const live = {
        updates,
        eventContext: (batch: number) => connection.eventContext(batch, request),
        overflowed: () => connection.overflowed(),
      };
      return {
        schema,
        document: normalizeInputValues(schema, document, operation, variables),
        operationName: payload.operationName,
        variableValues: variables,
        contextValue: new SubscriptionContext(dataSource, dataSource.manager, connection.viewer, config, limits, request, live),
      };
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('Internal server error', { originalError: error as Error })];
    }
  };

  return {
    onSubscribe,
    subscribe,
    onNext: (_state: State, _id: string, _payload: SubscribePayload, args: ExecutionArgs, result: { errors?: readonly GraphQLError[] }) =>
      result.errors ? { ...result, errors: formatErrors(result.errors, (args.contextValue as Context).request) } : undefined,
    onError: (state: State, id: string, _payload: SubscribePayload, errors: readonly GraphQLError[]) => {
      const request = state.extra.connection?.requests.get(id);
      state.extra.connection?.requests.delete(id);
      return formatErrors(errors, request);
    },
    onComplete: (state: State, id: string) => {
      state.extra.connection?.requests.delete(id);
    },
  };
}
