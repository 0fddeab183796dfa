import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The peer of the comparison: PostGraphile v5 serving the bench database (DESIGN.md, Performance
 * targets). It lives in bench/peer with its own package.json and lockfile, installed there on
 * first use: it declares node >= 22, which would put an engine warning into Beacon's own install
 * on Node 20, and nothing in Beacon needs it.
 */
const FOLDER = path.resolve(__dirname, '..', '..', 'bench', 'peer');

export interface Peer {
  name: string;
  url: string;
  stop: () => Promise<void>;
}

function install(): void {
  if (existsSync(path.join(FOLDER, 'node_modules', 'postgraphile'))) return;
  console.log(`installing the peer (PostGraphile) into bench/peer on first use: npm install --prefix bench/peer --no-audit --no-fund`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const done = spawnSync(npm, ['install', '--prefix', FOLDER, '--no-audit', '--no-fund'], { stdio: 'inherit' });
  if (done.status !== 0) throw new Error('npm install --prefix bench/peer failed');
}

/** Starts the peer on `port` over `databaseUrl` and resolves once it answers. */
export async function startPeer(databaseUrl: string, port: number, poolSize: number): Promise<Peer> {
  install();
  const version = JSON.parse(readFileSync(path.join(FOLDER, 'node_modules', 'postgraphile', 'package.json'), 'utf8')).version;
  const child: ChildProcess = spawn(process.execPath, [path.join(FOLDER, 'server.cjs')], {
    env: { ...process.env, PEER_DATABASE_URL: databaseUrl, PEER_PORT: String(port), PEER_POOL_SIZE: String(poolSize), GRAPHILE_ENV: 'production', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('listening')) resolve();
    });
    void exited.then(() => reject(new Error(`the peer stopped before it listened:\n${output}`)));
  });
  return {
    name: `PostGraphile ${version}`,
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
