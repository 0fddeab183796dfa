import { startBeacon, type Beacon, type GraphQLResponse } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';

/*
 * Documents run compiled (graphql-jit) once they are the client apps' own or seen a second time,
 * through graphql-js's execute before that (trusted-documents/compiled-execution.ts). Whichever
 * way a document runs, the answer must be the same: data, nulls where access hides something,
 * errors with their codes and paths, variables and their defaults, aliases and fragments.
 */

let beacon: Beacon;
let organizationId: string;
let staff: string;

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  organizationId = agency.id;
  staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  for (const name of ['Compiled Harbor', 'Compiled Bay']) {
    await aService(beacon, staff, { name, locations: [aLocation({ confidential: true }), aLocation({ name: 'Annex' })] });
  }
});
afterAll(() => beacon.stop());

const DOCUMENT = `
  query CompiledOrNot($id: ID!, $first: Int = 1, $missing: ID = "00000000-0000-4000-8000-000000000000") {
    organization(id: $id) {
      __typename name
      firstPage: services(first: $first) { ...Page }
      all: services { totalCount ...Page }
    }
    nobody: organization(id: $missing) { id }
    referral(id: $missing) { id }
  }
  fragment Page on ServiceConnection {
    pageInfo { hasNextPage endCursor }
    edges { node { name locations { name confidential latitude address { city } } } }
  }`;

/** An answer without what differs between any two requests: each error's request id. */
const comparable = (answer: GraphQLResponse) => ({
  ...answer,
  errors: answer.errors?.map(({ extensions: { requestId: _, ...extensions }, ...error }) => ({ ...error, extensions })),
});

it.each([
  ['anonymous', () => undefined, ['UNAUTHENTICATED']],
  ["the listing agency's staff", () => staff, []],
])('answers the same the first time (executed) and the next times (compiled), for %s', async (_, token, codes) => {
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(comparable(await beacon.gql(DOCUMENT, { id: organizationId }, token())));
  const [first] = answers;
  expect(first.data!.organization.all.totalCount).toBe(2);
  expect(first.data!.organization.firstPage.edges).toHaveLength(1);
  expect(first.data!.nobody).toBeNull();
  // Anonymous callers may not read referrals at all; staff reach none with that id. Either way the other fields answer.
  expect(first.data!.referral).toBeNull();
  expect((first.errors ?? []).map((e) => e.extensions.code)).toEqual(codes);
  expect(answers[1]).toEqual(first);
  expect(answers[2]).toEqual(first);
});

it('hides confidential addresses the same way compiled as executed', async () => {
  const locations = async (token?: string) => {
    const data = (await beacon.gql(DOCUMENT, { id: organizationId, first: 2 }, token)).data!;
    return data.organization.all.edges.flatMap((edge: any) => edge.node.locations);
  };
  for (let i = 0; i < 3; i++) {
    const seen = await locations();
    expect(seen.filter((l: any) => l.confidential).every((l: any) => l.latitude === null && l.address === null)).toBe(true);
    const own = await locations(staff);
    expect(own.filter((l: any) => l.confidential).every((l: any) => l.latitude !== null && l.address !== null)).toBe(true);
  }
});

it('answers a variable that does not fit as BAD_USER_INPUT, however often the document was seen', async () => {
  for (let i = 0; i < 3; i++) {
    const answer = await beacon.gql(DOCUMENT, { id: organizationId, first: 'many' });
    expect(answer.data).toBeUndefined();
    expect(answer.errors!.map((e) => e.extensions.code)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors![0].message).toContain('$first');
  }
});
