import 'reflect-metadata';
import { encodeCursor } from '../../src/common/pagination';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aCoach, aPeerOrganization, anAgency } from '../harness/builders';
import { errorOf } from '../harness/errors';

let beacon: Beacon;
let tokens: { admin: string; coach: string };
let ids: { client: string; agency: string };

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const peers = await aPeerOrganization(beacon, admin);
  const agency = await anAgency(beacon, admin);
  const coach = await aCoach(beacon, admin, peers.id);
  tokens = { admin, coach: await coach.token() };
  ids = { client: (await aClient(beacon, tokens.coach)).id, agency: agency.id };
});
afterAll(() => beacon.stop());

/** Every paged list, with the token that may read it. */
const LISTS: [string, string, () => string, () => Record<string, unknown>][] = [
  ['organizations', `query($after: String) { organizations(after: $after) { totalCount } }`, () => tokens.admin, () => ({})],
  ['users', `query($after: String) { users(after: $after) { totalCount } }`, () => tokens.admin, () => ({})],
  ['auditEvents', `query($after: String) { auditEvents(after: $after) { totalCount } }`, () => tokens.admin, () => ({})],
  ['clients', `query($after: String) { clients(after: $after) { totalCount } }`, () => tokens.coach, () => ({})],
  ['referrals', `query($after: String) { referrals(after: $after) { totalCount } }`, () => tokens.coach, () => ({})],
  ['followUpQueue', `query($after: String) { followUpQueue(after: $after) { totalCount } }`, () => tokens.coach, () => ({})],
  ['Client.referrals', `query($after: String, $id: ID!) { client(id: $id) { referrals(after: $after) { totalCount } } }`, () => tokens.coach, () => ({ id: ids.client })],
  ['Organization.services', `query($after: String, $id: ID!) { organization(id: $id) { services(after: $after) { totalCount } } }`, () => tokens.admin, () => ({ id: ids.agency })],
  ['searchServices', `query($after: String) { searchServices(filter: {}, after: $after) { totalCount } }`, () => tokens.coach, () => ({})],
];

const FOREIGN_CURSORS = [
  ['a cursor of another shape', encodeCursor([1, 2])],
  ['a cursor whose id is not an id', encodeCursor(['2026-01-01T00:00:00.000Z', 'not-an-id'])],
  ['an organizations cursor', encodeCursor(['harbor peers', '00000000-0000-4000-8000-000000000000'])],
];

describe('a cursor that is not from the list it is given to', () => {
  it.each(LISTS)("%s answers BAD_USER_INPUT naming after, never an internal error", async (name, query, token, variables) => {
    for (const [, cursor] of FOREIGN_CURSORS) {
      const response = await beacon.gql(query, { ...variables(), after: cursor }, token());
      const shapes = ['organizations', 'users', 'clients', 'Organization.services'];
      // A name-and-id cursor fits the lists that sort by name and id; everywhere else it must be refused.
      if (cursor === FOREIGN_CURSORS[2][1] && shapes.includes(name)) {
        expect(response.errors).toBeUndefined();
        continue;
      }
      expect(errorOf(response)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'after' }] });
    }
  });
});
