import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export { freePort } from '../../src/common/net';

export const ENTRY = path.resolve('dist/src/index.js');
export const MIGRATE = path.resolve('dist/src/db/migrate-cli.js');
export const SEED = path.resolve('dist/seeds/cli.js');

export interface BeaconProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Runs the built server (`npm test` builds it first) as its own process, the way `npm start` does. */
export function runBeacon(env: Record<string, string>): BeaconProcess {
  return runBuilt(ENTRY, [], env);
}

/** Runs one of the built scripts (the server, `npm run migrate`'s, `npm run seed`'s) with only `env` around it. */
export function runBuilt(script: string, args: string[], env: Record<string, string>): BeaconProcess {
  if (!existsSync(script)) throw new Error(`${script} is missing: run npm run build (npm test does) before these tests`);
  const child = spawn(process.execPath, [script, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk) => (out += chunk));
  child.stderr!.on('data', (chunk) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
