import type { ApolloServerPlugin } from '@apollo/server';
import type { Metrics } from './metrics';

/** A name a client would give an operation; anything else is counted as "other". */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Well above the client's own operations; past it, new names count as "other", so callers cannot grow the label set without bound. */
export const MAX_OPERATION_NAMES = 200;

/** The label value for an operation name: the name while it fits and fewer than MAX_OPERATION_NAMES have been seen, "other" otherwise. */
function operationNames(): (name: string | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (name === undefined) return 'anonymous';
    if (seen.has(name)) return name;
    if (!OPERATION_NAME.test(name) || seen.size >= MAX_OPERATION_NAMES) return 'other';
    seen.add(name);
    return name;
  };
}

/**
 * Times operations that parsed and validated (only those have a trustworthy name), and counts
 * the errors of every response by code, after formatting (a masked error counts as
 * INTERNAL_SERVER_ERROR). Rate-limit refusals are counted where they are made (RateLimits.onRefused).
 */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  const label = operationNames();
  return {
    async requestDidStart() {
      const end = metrics.graphqlOperationDuration.startTimer();
      let operation: { operation: string; type: string } | undefined;
      return {
        async didResolveOperation({ operation: resolved }) {
          if (resolved) operation = { operation: label(resolved.name?.value), type: resolved.operation };
        },
        async willSendResponse({ response }) {
          if (operation) end(operation);
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            metrics.graphqlErrors.inc({ code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          }
        },
      };
    },
  };
}
