import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { codes } from '../harness/errors';
import { freePort } from '../../src/common/net';
import { anAddress, signIn } from './requests';

/** REDIS_URL names a Redis that never answers: Beacon starts, serves, and still limits, counting in the process. */
let beacon: Beacon;
let started: number;

beforeAll(async () => {
  const t0 = Date.now();
  beacon = await startBeacon({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, SIGNIN_FAILURES_BEFORE_LOCKOUT: '5' });
  started = Date.now() - t0;
});
afterAll(() => beacon.stop());

it('starts without waiting long for it, and logs that the limits count in the process', async () => {
  expect(started).toBeLessThan(10_000);
  expect(beacon.logs.some((line) => line.level === 40 && /Redis unreachable/.test(line.msg))).toBe(true);
});

it('signs in, and the lockout still holds', async () => {
  expect(codes(await signIn(beacon, ADMIN.email, ADMIN.password, anAddress()))).toEqual([]);
  for (let i = 0; i < 5; i++) expect(codes(await signIn(beacon, ADMIN.email, `wrong-guess-${i}`, anAddress()))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await signIn(beacon, ADMIN.email, ADMIN.password, anAddress()))).toEqual(['RATE_LIMITED']);
});
