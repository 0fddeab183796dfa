import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** What an exception event keeps: its type. Its message and stack (whose first line is the message) do not leave. */
const EXCEPTION_KEPT = new Set(['exception.type']);

function withoutMessages(span: ReadableSpan): ReadableSpan {
  const events: TimedEvent[] = span.events.map((event) =>
    event.name !== 'exception' || !event.attributes
      ? event
      : { ...event, attributes: Object.fromEntries(Object.entries(event.attributes).filter(([key]) => EXCEPTION_KEPT.has(key))) },
  );
  // The span itself stays the prototype: everything else (its context, times, attributes) reads through.
  return Object.create(span, { events: { value: events }, status: { value: { code: span.status.code } } });
}

/**
 * Error messages can quote what a caller sent: graphql-js's validation errors quote the
 * document's values, PostgreSQL's quote a bad value ("invalid input syntax for type uuid: …").
 * So spans leave with an error's type and status code, never its message.
 */
export class WithoutErrorMessages implements SpanExporter {
  constructor(private readonly exporter: SpanExporter) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter['export']>[1]): void {
    this.exporter.export(spans.map(withoutMessages), done);
  }

  shutdown(): Promise<void> {
    return this.exporter.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.exporter.forceFlush?.() ?? Promise.resolve();
  }
}
