import type { ServerResponse } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
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
  // The trace SDK alone, not the all-signals NodeSDK: that one brings every exporter (gRPC, proto,
  // metrics, logs), about 160 MB of the production install, for the one trace exporter used here.
  // The batch processor and the sampler still read the standard OTEL_BSP_* and OTEL_TRACES_SAMPLER variables.
  const provider = new NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, where set, name the service instead.
    resource: resourceFromAttributes({ 'service.name': 'beacon' }).merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(new WithoutErrorMessages(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` })))],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
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
  return { stop: () => provider.shutdown() };
}
