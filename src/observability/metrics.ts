import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One server's Prometheus metrics, in a registry of its own rather than prom-client's global one,
 * so that several Beacons in one process (the tests) each report only their own. Whatever else
 * wants a gauge (the database pool, a queue) registers it in `registry`.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'beacon_http_request_duration_seconds',
    help: 'HTTP requests by the route pattern they reached (never the raw URL), method and status.',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });

  readonly graphqlOperationDuration = new Histogram({
    name: 'beacon_graphql_operation_duration_seconds',
    help: 'GraphQL operations that parsed and validated, by operation name ("anonymous", or "other" past the cap) and type.',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });

  readonly graphqlErrors = new Counter({
    name: 'beacon_graphql_errors_total',
    help: 'Errors in GraphQL responses, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly rateLimitRefusals = new Counter({
    name: 'beacon_rate_limit_refusals_total',
    help: 'RATE_LIMITED answers, by the limit that refused: requests, anonymous_requests, signin_attempts, signin_lockout or reports.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Event-loop lag, heap, GC, CPU, open handles: prom-client's process and Node.js metrics.
    collectDefaultMetrics({ register: this.registry });
  }
}
