import 'reflect-metadata';
import { encodeCursor } from '../../src/common/pagination';
import { startBeacon, type Beacon } from '../harness/beacon';
import { badFields, codes } from '../harness/errors';
import { aClient, aCoach, aReferral, aService, anOrganization } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';

let beacon: Beacon;
let world: ReferralWorld;

/** Several rows share each sort value (the same name in other cases, the same instant), so only the id tells them apart. */
const TIED_NAMES = ['Keyset Harbor', 'KEYSET HARBOR', 'keyset harbor', 'Keyset Bay'];
/** A final sigma: JavaScript lower-cases it to ς, PostgreSQL to σ, so a cursor must hold the database's value. */
const SIGMA_NAMES = ['Keyset ΟΔΟΣ', 'KEYSET ΟΔΟΣ', 'Keyset οδοσ'];
const TIED_AT = '2026-03-01T12:00:00.000Z';
const TIED_DUE = '2026-03-02T12:00:00.000Z';

beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  for (const name of [...TIED_NAMES, ...SIGMA_NAMES]) {
    await anOrganization(beacon, world.admin, ['PROVIDER'], name);
    await aCoach(beacon, world.admin, world.peers.id, { name });
    await aClient(beacon, world.coachToken, { alias: name });
    await aService(beacon, await world.people.otherAgency.token(), { name });
  }
  const referrals = [];
  for (let i = 0; i < 6; i++) referrals.push(await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id }));
  // Ties set in the rows themselves: the API never gives two referrals the same instant on purpose.
  const tied = referrals.slice(0, 4).map((r) => r.id);
  await beacon.dataSource.query(`UPDATE referral SET updated_at = $2, follow_up_due = $3 WHERE id = ANY($1)`, [tied, TIED_AT, TIED_DUE]);
  // The other two overdue too (the queue lists only those), one before the tie and one after.
  await beacon.dataSource.query(`UPDATE referral SET follow_up_due = $2::timestamptz + (CASE WHEN id = $1[1] THEN -1 ELSE 1 END) * interval '1 day' WHERE id = ANY($1)`, [
    referrals.slice(4).map((r) => r.id),
    TIED_DUE,
  ]);
  // Audit events are append-only: tied ones are inserted with the same instant.
  await beacon.dataSource.query(
    `INSERT INTO audit_event (at, action, entity_type) SELECT $1::timestamptz - (g % 2) * interval '1 second', 'keysetTie', 'KeysetTie' FROM generate_series(1, 6) g`,
    [TIED_AT],
  );
});
afterAll(() => beacon.stop());

const CONNECTION = (node: string) => `totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ${node} } }`;

interface List {
  name: string;
  query: string;
  token: () => string | Promise<string>;
  variables: () => Record<string, unknown>;
  connection: (data: any) => any;
  /** The cursor a client could have built from a node: the documented [sort value, id]. */
  cursorOf: (node: any) => string;
}

const LISTS: List[] = [
  {
    name: 'organizations',
    query: `query($first: Int, $after: String) { organizations(search: "Keyset", first: $first, after: $after) { ${CONNECTION('name')} } }`,
    token: () => world.admin,
    variables: () => ({}),
    connection: (data) => data.organizations,
    cursorOf: (node) => encodeCursor([node.name.toLowerCase(), node.id]),
  },
  {
    name: 'users',
    query: `query($first: Int, $after: String, $org: ID) { users(organizationId: $org, first: $first, after: $after) { ${CONNECTION('name')} } }`,
    token: () => world.admin,
    variables: () => ({ org: world.peers.id }),
    connection: (data) => data.users,
    cursorOf: (node) => encodeCursor([node.name.toLowerCase(), node.id]),
  },
  {
    name: 'clients',
    query: `query($first: Int, $after: String) { clients(first: $first, after: $after) { ${CONNECTION('alias')} } }`,
    token: () => world.coachToken,
    variables: () => ({}),
    connection: (data) => data.clients,
    cursorOf: (node) => encodeCursor([node.alias.toLowerCase(), node.id]),
  },
  {
    name: 'auditEvents',
    query: `query($first: Int, $after: String) { auditEvents(filter: { entityType: "KeysetTie" }, first: $first, after: $after) { ${CONNECTION('at')} } }`,
    token: () => world.admin,
    variables: () => ({}),
    connection: (data) => data.auditEvents,
    cursorOf: (node) => encodeCursor([node.at, node.id]),
  },
  {
    name: 'referrals',
    query: `query($first: Int, $after: String) { referrals(first: $first, after: $after) { ${CONNECTION('updatedAt')} } }`,
    token: () => world.coachToken,
    variables: () => ({}),
    connection: (data) => data.referrals,
    cursorOf: (node) => encodeCursor([node.updatedAt, node.id]),
  },
  {
    name: 'followUpQueue',
    query: `query($first: Int, $after: String) { followUpQueue(first: $first, after: $after) { ${CONNECTION('followUpDue')} } }`,
    token: () => world.coachToken,
    variables: () => ({}),
    connection: (data) => data.followUpQueue,
    cursorOf: (node) => encodeCursor([node.followUpDue, node.id]),
  },
  {
    name: 'Client.referrals',
    query: `query($first: Int, $after: String, $id: ID!) { client(id: $id) { referrals(first: $first, after: $after) { ${CONNECTION('updatedAt')} } } }`,
    token: () => world.coachToken,
    variables: () => ({ id: world.client.id }),
    connection: (data) => data.client.referrals,
    cursorOf: (node) => encodeCursor([node.updatedAt, node.id]),
  },
  {
    name: 'Organization.services',
    query: `query($first: Int, $after: String, $id: ID!) { organization(id: $id) { services(first: $first, after: $after) { ${CONNECTION('name')} } } }`,
    token: () => world.coachToken,
    variables: () => ({ id: world.otherAgencyOrg.id }),
    connection: (data) => data.organization.services,
    cursorOf: (node) => encodeCursor([node.name.toLowerCase(), node.id]),
  },
];

async function page(list: List, first: number, after?: string | null) {
  return list.connection(await beacon.ok(list.query, { ...list.variables(), first, after }, await list.token()));
}

/** Every id of the list, page after page of `size`, following endCursor until hasNextPage says there is no more. */
async function walk(list: List, size: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 40; pages++) {
    const connection = await page(list, size, after);
    ids.push(...connection.edges.map((e: any) => e.node.id));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
  throw new Error(`${list.name} did not end`);
}

describe('keyset pages', () => {
  it.each(LISTS.map((l) => [l.name, l] as const))('%s: walked one or two at a time through tied sort values, every row comes once, in the order of one large page', async (_, list) => {
    const whole = await page(list, 100);
    const all = whole.edges.map((e: any) => e.node.id);
    expect(all.length).toBeGreaterThanOrEqual(6);
    expect(all.length).toBe(whole.totalCount);
    expect(new Set(all).size).toBe(all.length);
    expect(await walk(list, 1)).toEqual(all);
    expect(await walk(list, 2)).toEqual(all);
  });

  it.each(LISTS.map((l) => [l.name, l] as const))('%s: a cursor in the form clients hold, [sort value, id], continues right after its row', async (_, list) => {
    const whole = await page(list, 100);
    const nodes = whole.edges.map((e: any) => e.node);
    // An ASCII row, so that its lower case is the same in any language a client pages from.
    const index = nodes.findIndex((node: any, i: number) => i < nodes.length - 1 && !/ΟΔΟΣ|οδοσ/.test(node.name ?? node.alias ?? ''));
    const next = await page(list, 100, list.cursorOf(nodes[index]));
    expect(next.edges.map((e: any) => e.node.id)).toEqual(nodes.slice(index + 1).map((n: any) => n.id));
    expect(whole.edges[index].cursor).toBe(list.cursorOf(nodes[index]));
  });

  const NOT_CURSORS = [
    ['not base64 JSON', '%%%not a cursor'],
    ['JSON that is not a list', encodeCursor({ id: 1 } as unknown as unknown[])],
    ['a list one value short', encodeCursor(['00000000-0000-4000-8000-000000000000'])],
    ['text holding NUL', encodeCursor(['a\u0000b', '00000000-0000-4000-8000-000000000000'])],
  ];

  it.each(LISTS.map((l) => [l.name, l] as const))('%s: anything but one of its cursors is BAD_USER_INPUT naming after', async (_, list) => {
    for (const [, after] of NOT_CURSORS) {
      const response = await beacon.gql(list.query, { ...list.variables(), first: 5, after }, await list.token());
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(badFields(response)).toEqual(['after']);
    }
  });

  it('a name whose lower case differs between JavaScript and the database is neither repeated nor skipped', async () => {
    for (const list of LISTS.filter((l) => ['organizations', 'users', 'clients', 'Organization.services'].includes(l.name))) {
      const walked = await walk(list, 1);
      expect(new Set(walked).size).toBe(walked.length);
      const whole = await page(list, 100);
      const sigma = whole.edges.filter((e: any) => /ΟΔΟΣ|οδοσ/.test(e.node.name ?? e.node.alias));
      expect(sigma).toHaveLength(SIGMA_NAMES.length);
    }
  });
});
