import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aPeerOrganization, type TestUser, CREATE_CLIENT } from '../harness/builders';
import { badFields, codes, errorOf } from '../harness/errors';

/** Everything but the calendar stays real, so the server and its database run as usual. */
const ONLY_DATE = ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

let beacon: Beacon;
let coach: TestUser;
const startYear = new Date().getUTCFullYear();

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  coach = await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id);
  // The server has started (its inputs are built); a year later, New Year has passed while it runs.
  jest.useFakeTimers({ now: new Date(`${startYear + 1}-01-01T12:00:00Z`), doNotFake: [...ONLY_DATE], advanceTimers: true });
});
afterAll(async () => {
  jest.useRealTimers();
  await beacon.stop();
});

it("after New Year a running server accepts a birth in the new year and refuses the year after", async () => {
  // Signed in under the moved clock, so the token is not already expired.
  const token = await coach.token();
  const born = await beacon.gql(CREATE_CLIENT, { input: { alias: 'New Year baby', birthYear: startYear + 1 } }, token);
  expect(born.errors).toBeUndefined();
  expect(born.data.createClient.client.birthYear).toBe(startYear + 1);

  const unborn = await beacon.gql(CREATE_CLIENT, { input: { alias: 'Not yet born', birthYear: startYear + 2 } }, token);
  expect(codes(unborn)).toEqual(['BAD_USER_INPUT']);
  expect(badFields(unborn)).toEqual(['input.birthYear']);
  expect(errorOf(unborn)?.fields[0].message).toBe('must not lie in the future');
  const listed = await beacon.ok(`query { clients(search: "Not yet born") { totalCount } }`, {}, token);
  expect(listed.clients.totalCount).toBe(0);
});
