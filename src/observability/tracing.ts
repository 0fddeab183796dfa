import type { ServerResponse } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { WithoutErrorMessages } from './span-redaction';

/**
 * What the http instrumentation would record that could name a person or carry their data: the
 * query string (a report's filters, a GET operation's variables), the client's address and its
 * user agent. Returned from the start hook as undefined, they are not recorded at all.
 */
const WITHHELD: Attributes = {
  'url.query': undefined,
  'client.address': undefined,
  'network.peer.address': undefined,
  'network.peer.port': undefined,
  'user_agent.original': undefined,
};

export interface Tracing {
  /** Sends the spans still buffered, then stops. */
  stop(): Promise<void>;
}

/**
 * OpenTelemetry traces of HTTP requests, Express routes, GraphQL parse/validate/execute and SQL
 * statements, sent over OTLP/HTTP (JSON) to `endpoint`. Start it before express, pg or graphql
 * is first required: the instrumentations patch them as they load. Spans carry the server's
 * request id (`beacon.request_id`), and no variable values, SQL parameters, query strings or headers.
 */
export function startTracing(endpoint: string): Tracing {
  const sdk = new NodeSDK({
    serviceName: 'beacon',
    traceExporter: new WithoutErrorMessages(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` })),
    // Metrics are Prometheus's (/metrics) and logs go to stdout: only traces leave over OTLP.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Beacon calls no HTTP service of its own; the exporter's requests are not traced anyway.
        disableOutgoingRequestInstrumentation: true,
        startIncomingSpanHook: () => WITHHELD,
        // assignRequestIds has set the header by the time the response ends.
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const requestId = (response as ServerResponse).getHeader('x-request-id');
          if (typeof requestId === 'string') span.setAttribute('beacon.request_id', requestId);
        },
      }),
      new ExpressInstrumentation(),
      // allowValues: false (the default, said here on purpose) writes the document's literals as "*" and no variables.
      new GraphQLInstrumentation({ allowValues: false, ignoreTrivialResolveSpans: true }),
      // Statements with their $1 placeholders, never the values bound to them.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
    ],
  });
  sdk.start();
  return { stop: () => sdk.shutdown() };
}
