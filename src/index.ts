import 'reflect-metadata';
import { ConfigError, loadConfig, type Config } from './config';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * The configuration first, then tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set, and only then the
 * server's modules: the instrumentations can patch express, pg and graphql only as they are first
 * required (and the configuration loads none of them).
 */
async function main() {
  const config = configOrExit();
  const tracing = config.otelEndpoint ? (await import('./observability/tracing')).startTracing(config.otelEndpoint) : null;
  const { serve } = await import('./serve');
  await serve(config, tracing);
}

main().catch((error) => {
  console.error('Beacon could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
