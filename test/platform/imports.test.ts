import path from 'node:path';

/** The part of madge's API used here (madge ships no types). */
interface DependencyGraph {
  obj(): Record<string, string[]>;
  circular(): string[][];
  warnings(): { skipped: string[] };
}
const madge: (paths: string[], config: object) => Promise<DependencyGraph> = require('madge');

const ROOT = path.resolve(__dirname, '..', '..');
/** What the database layer must never reach: the API's resolvers, modules and routes, the server, the schema. */
const API_FILE = /\.resolver\.ts$|\/module\.ts$|\.route\.ts$|^src\/(server|schema|modules)\.ts$/;

let graph: DependencyGraph;

beforeAll(async () => {
  graph = await madge(['src', 'seeds', 'bench'].map((dir) => path.join(ROOT, dir)), {
    baseDir: ROOT,
    fileExtensions: ['ts'],
    tsConfig: path.join(ROOT, 'tsconfig.json'),
  });
});

it('madge sees the whole tree and resolves every import, so an empty list of circles means something', () => {
  const files = Object.keys(graph.obj());
  expect(files).toEqual(expect.arrayContaining(['src/index.ts', 'src/db/data-source.ts', 'src/clients/client.entity.ts', 'seeds/cli.ts', 'bench/index.ts']));
  // index.ts imports tracing and serve.ts lazily (import()): madge follows those too.
  expect(graph.obj()['src/index.ts']).toEqual(expect.arrayContaining(['src/observability/tracing.ts', 'src/serve.ts']));
  expect(graph.obj()['src/serve.ts'].length).toBeGreaterThan(5);
  expect(graph.warnings().skipped).toEqual([]);
});

it('src, seeds and bench import one another without a circle', () => {
  expect(graph.circular().map((circle) => circle.join(' -> '))).toEqual([]);
});

it('the database layer reaches no resolver, module, route, server or schema', () => {
  const tree = graph.obj();
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    tree[file].forEach(visit);
  };
  Object.keys(tree)
    .filter((file) => file.startsWith('src/db/'))
    .forEach(visit);
  expect(reached.has('src/db/entities.ts')).toBe(true);
  expect([...reached].filter((file) => API_FILE.test(file))).toEqual([]);
});
