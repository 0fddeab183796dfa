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

/** The check's one configuration, for the project and for the fixture that proves it can fail. */
const importGraph = (dirs: string[]) => madge(dirs.map((dir) => path.join(ROOT, dir)), { baseDir: ROOT, fileExtensions: ['ts'], tsConfig: path.join(ROOT, 'tsconfig.json') });

beforeAll(async () => {
  graph = await importGraph(['src', 'seeds', 'bench']);
});

it('the same check finds a circle where there is one', async () => {
  const circles = (await importGraph(['test/platform/fixtures/import-circle'])).circular();
  expect(circles.map((circle) => circle.join(' -> '))).toEqual(['test/platform/fixtures/import-circle/first.ts -> test/platform/fixtures/import-circle/second.ts']);
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
