import { Writable } from 'node:stream';
import { createLogger } from '../../src/common/log';
import { seedDemo } from '../../seeds/demo';
import { startBeacon, type Beacon } from './beacon';

/** Loads the demo county into `beacon`'s empty database, as `npm start` does, with its log lines dropped; returns how long it took in ms. */
export async function loadDemo(beacon: Beacon): Promise<number> {
  const started = Date.now();
  await seedDemo(beacon.dataSource, beacon.config, createLogger('error', new Writable({ write: (_chunk, _encoding, done) => done() })));
  return Date.now() - started;
}

/** A Beacon on a fresh database with the demo county loaded, and how long the load took. */
export async function startDemoBeacon(): Promise<{ beacon: Beacon; seedMs: number }> {
  const beacon = await startBeacon();
  return { beacon, seedMs: await loadDemo(beacon) };
}
