import { ADMIN, startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization, type TestUser } from '../harness/builders';
import { codes, errorOf } from '../harness/errors';
import { CHANGE_PASSWORD, LOGIN, VIEWER, anAddress, send, signIn } from './requests';

/** The sign-in lockout with the in-process counters (no REDIS_URL); test/auth/redis.test.ts runs it on Redis. */
let beacon: Beacon;
let admin: string;
let org: { id: string };

const LOCKOUT_SECONDS = 15 * 60;

beforeAll(async () => {
  beacon = await startBeacon({ SIGNIN_FAILURES_BEFORE_LOCKOUT: '5', SIGNIN_LOCKOUT_MINUTES: '15' });
  admin = await beacon.adminToken();
  org = await aPeerOrganization(beacon, admin);
});
afterAll(() => beacon.stop());

const aFreshCoach = () => aCoach(beacon, admin, org.id);
const wrongGuesses = async (email: string, n: number, on: Beacon = beacon) => {
  for (let i = 0; i < n; i++) expect(codes(await signIn(on, email, `wrong-guess-number-${i}`, anAddress()))).toEqual(['UNAUTHENTICATED']);
};
/** The email as a careless client might send it: in capitals, between spaces. */
const spacedOut = (email: string) => '  ' + email.toUpperCase() + ' ';

/**
 * Runs `work` with the clock `ms` later. Only Date moves: timers, ticks and I/O run as usual,
 * so the server under test keeps working.
 */
async function later<T>(ms: number, work: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: Date.now() + ms,
    doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
  });
  try {
    return await work();
  } finally {
    jest.useRealTimers();
  }
}

describe('five failed sign-ins for one email', () => {
  let coach: TestUser;
  let known: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    coach = await aFreshCoach();
    // Each guess from another address: the lockout follows the email, not the caller.
    await wrongGuesses(coach.email, 5);
    known = await signIn(beacon, coach.email, coach.password, anAddress());
  });

  it('refuse the right password next, with RATE_LIMITED and the seconds to wait', async () => {
    expect(known.data).toBeNull();
    expect(codes(known)).toEqual(['RATE_LIMITED']);
    const wait = errorOf(known)?.retryAfterSeconds;
    expect(wait).toBeGreaterThan(LOCKOUT_SECONDS - 30);
    expect(wait).toBeLessThanOrEqual(LOCKOUT_SECONDS);
    // A GraphQL response, like every other error of an operation.
    expect(known.status).toBe(200);
  });

  it('keep refusing it, without pushing the end of the lockout further', async () => {
    // A minute later: the wait must be a minute shorter, not back to the whole lockout.
    const again = await later(60_000, () => signIn(beacon, coach.email.toUpperCase(), coach.password, anAddress()));
    expect(codes(again)).toEqual(['RATE_LIMITED']);
    expect(errorOf(again)?.retryAfterSeconds).toBeLessThanOrEqual(errorOf(known)?.retryAfterSeconds);
    const first = errorOf(known)?.retryAfterSeconds;
    expect(errorOf(again)?.retryAfterSeconds).toBeLessThanOrEqual(first - 60);
    expect(errorOf(again)?.retryAfterSeconds).toBeGreaterThan(first - 90);
  });

  it('refuse it for the email in capitals between spaces too, so padding the email does not get around the lockout', async () => {
    const padded = await signIn(beacon, spacedOut(coach.email), coach.password, anAddress());
    expect(codes(padded)).toEqual(['RATE_LIMITED']);
    expect(padded.data).toBeNull();
  });

  it('lock an email nobody has the same way, so the lockout does not tell who has an account', async () => {
    const nobody = `nobody-${Date.now()}@test.beacon`;
    await wrongGuesses(nobody, 5);
    const unknown = await signIn(beacon, nobody, coach.password, anAddress());
    expect(codes(unknown)).toEqual(['RATE_LIMITED']);
    expect(unknown.errors![0].message).toBe(known.errors![0].message);
    expect(Object.keys(errorOf(unknown)!).sort()).toEqual(Object.keys(errorOf(known)!).sort());
    expect(Math.abs(errorOf(unknown)?.retryAfterSeconds - errorOf(known)?.retryAfterSeconds)).toBeLessThan(30);
  });

  it('leave every other email alone', async () => {
    expect(codes(await signIn(beacon, ADMIN.email, ADMIN.password, anAddress()))).toEqual([]);
  });

  it('refuse changePassword too, so a stolen token cannot keep guessing the current password', async () => {
    const other = await aFreshCoach();
    const token = await beacon.login(other.email, other.password);
    await wrongGuesses(other.email, 5);
    const change = await send(beacon, CHANGE_PASSWORD, { input: { currentPassword: other.password, newPassword: 'a-brand-new-passphrase' } }, { token });
    expect(codes(change)).toEqual(['RATE_LIMITED']);
    // Nothing changed: the token still works.
    expect(codes(await send(beacon, VIEWER, {}, { token }))).toEqual([]);
  });

  it('end after 15 minutes: then the right password works', async () => {
    const after = await later((LOCKOUT_SECONDS + 1) * 1000, () => signIn(beacon, coach.email, coach.password, anAddress()));
    expect(codes(after)).toEqual([]);
  });
});

describe('what counts as a failure', () => {
  it('a success in between does not: four failures, the right password, one more failure, then the lockout', async () => {
    const coach = await aFreshCoach();
    await wrongGuesses(coach.email, 4);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual([]);
    await wrongGuesses(coach.email, 1);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['RATE_LIMITED']);
  });

  it('a deactivated account answers like a wrong password, and is locked the same way', async () => {
    const coach = await aFreshCoach();
    await beacon.ok(`mutation($id: ID!) { deactivateUser(id: $id) { user { id } } }`, { id: coach.id }, admin);
    for (let i = 0; i < 5; i++) expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['RATE_LIMITED']);
  });

  it('a failure with the email in capitals between spaces counts for the email itself', async () => {
    const coach = await aFreshCoach();
    // Sign-in reads the padded email as the email: the right password works with it.
    expect(codes(await signIn(beacon, spacedOut(coach.email), coach.password, anAddress()))).toEqual([]);
    await wrongGuesses(spacedOut(coach.email), 5);
    expect(codes(await signIn(beacon, coach.email, coach.password, anAddress()))).toEqual(['RATE_LIMITED']);
  });

  it('a wrong current password in changePassword counts toward the lockout', async () => {
    const coach = await aFreshCoach();
    const token = await beacon.login(coach.email, coach.password);
    for (let i = 0; i < 5; i++) {
      const change = await send(beacon, CHANGE_PASSWORD, { input: { currentPassword: `not-it-${i}-not-it`, newPassword: 'another-long-passphrase' } }, { token });
      expect(codes(change)).toEqual(['BAD_USER_INPUT']);
    }
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['RATE_LIMITED']);
  });
});

describe('guessing faster than one at a time', () => {
  it('twenty guesses at once: at most five are checked, the rest are RATE_LIMITED', async () => {
    const coach = await aFreshCoach();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(beacon, coach.email, `parallel-guess-${i}`, anAddress())));
    const all = answers.flatMap(codes);
    expect(all.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
    expect(all.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(15);
    expect(codes(await signIn(beacon, coach.email, coach.password))).toEqual(['RATE_LIMITED']);
  });

  it('ten login fields in one request: the first failure ends the request, and counts like any other', async () => {
    const coach = await aFreshCoach();
    const fields = Array.from({ length: 10 }, (_, i) => `g${i}: login(email: $e, password: "aliased-guess-${i}") { token }`).join(' ');
    const batch = await send(beacon, `mutation($e: String!) { ${fields} }`, { e: coach.email });
    expect(codes(batch)).toEqual(['UNAUTHENTICATED']);
    await wrongGuesses(coach.email, 4);
    expect(codes(await send(beacon, LOGIN, { e: coach.email, p: coach.password }))).toEqual(['RATE_LIMITED']);
  });
});

describe('with SIGNIN_FAILURES_BEFORE_LOCKOUT=3 and SIGNIN_LOCKOUT_MINUTES=2 (not the defaults)', () => {
  let small: Beacon;
  let smallAdmin: string;
  let smallOrg: { id: string };

  beforeAll(async () => {
    small = await startBeacon({ SIGNIN_FAILURES_BEFORE_LOCKOUT: '3', SIGNIN_LOCKOUT_MINUTES: '2' });
    smallAdmin = await small.adminToken();
    smallOrg = await aPeerOrganization(small, smallAdmin);
  });
  afterAll(() => small?.stop());

  it('two failures do not lock: the right password still works', async () => {
    const coach = await aCoach(small, smallAdmin, smallOrg.id);
    await wrongGuesses(coach.email, 2, small);
    expect(codes(await signIn(small, coach.email, coach.password, anAddress()))).toEqual([]);
  });

  it('the third failure locks for two minutes, then the right password works', async () => {
    const coach = await aCoach(small, smallAdmin, smallOrg.id);
    await wrongGuesses(coach.email, 3, small);
    const locked = await signIn(small, coach.email, coach.password, anAddress());
    expect(codes(locked)).toEqual(['RATE_LIMITED']);
    const wait = errorOf(locked)?.retryAfterSeconds;
    expect(wait).toBeLessThanOrEqual(120);
    expect(wait).toBeGreaterThan(100);
    // Still locked a minute and a half on.
    expect(codes(await later(90_000, () => signIn(small, coach.email, coach.password, anAddress())))).toEqual(['RATE_LIMITED']);
    // Over at two minutes, long before fifteen.
    expect(codes(await later(121_000, () => signIn(small, coach.email, coach.password, anAddress())))).toEqual([]);
  });
});
