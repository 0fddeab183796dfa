'use strict';
/**
 * The benchmark's peer: PostGraphile v5 (its Amber preset, two ordering tags) serving the bench
 * database over HTTP. Run by bench/peer.ts as
 *   node bench/peer/server.cjs   with PEER_DATABASE_URL, PEER_PORT and PEER_POOL_SIZE set;
 * it prints "listening" once it answers. Plain CommonJS, outside Beacon's build: PostGraphile
 * lives in this folder's own node_modules, installed on first use.
 */

// PostGraphile 5 targets Node 22; on Node 20 it needs Promise.withResolvers, loaded before it.
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}

const http = require('node:http');
const { postgraphile } = require('postgraphile');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node');
const { makeJSONPgSmartTagsPlugin } = require('postgraphile/utils');

/**
 * Amber orders connections only by indexed columns; Beacon's listings page by lower(name) (an
 * expression index), and locations keep their listing's order: these let the peer's document
 * ask for the same order.
 */
const ORDERABLE = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: {
    class: {
      service: { attribute: { name: { tags: { behavior: '+orderBy' } } } },
      service_at_location: { attribute: { position: { tags: { behavior: '+orderBy' } } } },
    },
  },
});

const preset = {
  extends: [PostGraphileAmberPreset],
  plugins: [ORDERABLE],
  pgServices: [
    makePgService({
      connectionString: process.env.PEER_DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.PEER_POOL_SIZE || 16) },
      pubsub: false,
    }),
  ],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
};

async function main() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = http.createServer();
  serv.addTo(server);
  await pgl.getSchema();
  server.listen(Number(process.env.PEER_PORT), '127.0.0.1', () => console.log('listening'));
  const stop = () => server.close(() => Promise.resolve(pgl.release()).then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
