import { aClient, aReferral, transition, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { startBeacon, type Beacon } from '../harness/beacon';
import { ADD_NOTE, FOLLOW_UP_QUEUE, REFERRAL_SUMMARY, REFERRALS } from './builders';
import { codes, errorOf } from '../harness/errors';
import { localDay } from '../harness/days';

let beacon: Beacon;
let world: ReferralWorld;
let agencyToken: string;
/** Made in this order: the last is the most recently updated. */
const made: TestReferral[] = [];
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  agencyToken = await world.people.agency.token();
  const second = await aClient(beacon, world.coachToken);
  made.push(await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.service.id, send: false }));
  made.push(await aReferral(beacon, world.coachToken, { clientId: world.client.id, serviceId: world.otherService.id }));
  made.push(await aReferral(beacon, world.coachToken, { clientId: second.id, serviceId: world.service.id }));
  made.push(await transition(beacon, agencyToken, await aReferral(beacon, world.coachToken, { clientId: second.id, serviceId: world.service.id }), 'ACCEPTED'));
});
afterAll(() => beacon.stop());

const ids = (connection: any) => connection.edges.map((e: any) => e.node.id);
const list = async (token: string, filter?: Record<string, unknown>, first = 50, after?: string) =>
  (await beacon.ok(REFERRALS, { filter, first, after }, token)).referrals;

describe('lists of referrals', () => {
  it('come most recently updated first, and a note moves a referral to the top', async () => {
    expect(ids(await list(world.coachToken))).toEqual(made.map((r) => r.id).reverse());
    await beacon.ok(ADD_NOTE, { input: { referralId: made[1].id, body: 'Called again' } }, world.coachToken);
    const [top] = ids(await list(world.coachToken));
    expect(top).toBe(made[1].id);
    await beacon.ok(ADD_NOTE, { input: { referralId: made[3].id, body: 'Back on top' } }, world.coachToken);
  });

  it('page by cursor without repeating or skipping one', async () => {
    const all = ids(await list(world.coachToken));
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await list(world.coachToken, undefined, 1, after);
      seen.push(...ids(page));
      expect(page.totalCount).toBe(all.length);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
  });

  it('narrow by status, client, service and creation time', async () => {
    expect(ids(await list(world.coachToken, { statuses: ['DRAFT', 'ACCEPTED'] })).sort()).toEqual([made[0].id, made[3].id].sort());
    expect(ids(await list(world.coachToken, { clientId: world.client.id })).sort()).toEqual([made[0].id, made[1].id].sort());
    expect(ids(await list(world.coachToken, { serviceId: world.otherService.id }))).toEqual([made[1].id]);
    const createdAfter = made[2].createdAt;
    expect(ids(await list(world.coachToken, { createdAfter })).sort()).toEqual([made[2].id, made[3].id].sort());
    expect(ids(await list(world.coachToken, { createdBefore: createdAfter })).sort()).toEqual([made[0].id, made[1].id].sort());
  });

  it('split SENT (made by the viewer’s organization) from RECEIVED (sent to its services)', async () => {
    const supervisorToken = await world.people.supervisor.token();
    expect(ids(await list(supervisorToken, { direction: 'SENT' })).sort()).toEqual(made.map((r) => r.id).sort());
    expect(ids(await list(supervisorToken, { direction: 'RECEIVED' }))).toEqual([]);
    // made[0] is a DRAFT: the requester's alone until it is sent.
    expect(ids(await list(agencyToken, { direction: 'RECEIVED' })).sort()).toEqual([made[2].id, made[3].id].sort());
    expect(ids(await list(agencyToken, { direction: 'SENT' }))).toEqual([]);
    expect(ids(await list(await world.people.otherAgency.token(), { direction: 'RECEIVED' }))).toEqual([made[1].id]);
  });

  it('show only overdue ones with overdueOnly, and the follow-up queue puts the most overdue first', async () => {
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000);
    await beacon.dataSource.query(`UPDATE referral SET follow_up_due = $2 WHERE id = $1`, [made[0].id, hoursAgo(5)]);
    await beacon.dataSource.query(`UPDATE referral SET follow_up_due = $2 WHERE id = $1`, [made[2].id, hoursAgo(50)]);
    await beacon.dataSource.query(`UPDATE referral SET follow_up_due = $2 WHERE id = $1`, [made[3].id, hoursAgo(1)]);

    const overdue = await list(world.coachToken, { overdueOnly: true });
    expect(ids(overdue).sort()).toEqual([made[0].id, made[2].id, made[3].id].sort());
    expect(overdue.edges.every((e: any) => e.node.overdue)).toBe(true);

    const { followUpQueue } = await beacon.ok(FOLLOW_UP_QUEUE, { first: 2 }, world.coachToken);
    expect(ids(followUpQueue)).toEqual([made[2].id, made[0].id]);
    expect(followUpQueue.totalCount).toBe(3);
    const rest = (await beacon.ok(FOLLOW_UP_QUEUE, { first: 2, after: followUpQueue.pageInfo.endCursor }, world.coachToken)).followUpQueue;
    expect(ids(rest)).toEqual([made[3].id]);
    // The agency's queue holds only what it received and was sent (not the overdue DRAFT made[0]).
    expect(ids((await beacon.ok(FOLLOW_UP_QUEUE, {}, agencyToken)).followUpQueue)).toEqual([made[2].id, made[3].id]);
    // A closed referral leaves the queue.
    const current = (await beacon.ok(`query($id: ID!) { referral(id: $id) { id version } }`, { id: made[2].id }, world.coachToken)).referral;
    await transition(beacon, world.coachToken, current, 'CANCELLED', 'Moved away');
    expect(ids((await beacon.ok(FOLLOW_UP_QUEUE, {}, world.coachToken)).followUpQueue)).toEqual([made[0].id, made[3].id]);
  });

  it('refuse a page size over 100 and a cursor from elsewhere, naming the argument', async () => {
    for (const [vars, field] of [[{ first: 101 }, 'first'], [{ after: 'not-a-cursor' }, 'after']] as const) {
      const response = await beacon.gql(REFERRALS, vars, world.coachToken);
      expect(codes(response)).toEqual(['BAD_USER_INPUT']);
      expect(errorOf(response)?.fields).toEqual([{ field, message: expect.any(String) }]);
    }
  });

  it('refuse a status filter longer than the list of statuses, naming filter.statuses', async () => {
    const statuses = Array.from({ length: 11 }, () => 'REQUESTED');
    const response = await beacon.gql(REFERRALS, { filter: { statuses } }, world.coachToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'filter.statuses', message: 'must list at most 10 statuses' }]);
    // Ten, one per status, is still a list.
    await expect(list(world.coachToken, { statuses: statuses.slice(1) })).resolves.toHaveProperty('edges');
  });
});

describe("a client's referrals", () => {
  const CLIENTS = `query { clients(first: 50) { edges { node { id openReferralCount referrals(first: 1) { totalCount edges { node { id } } } } } } }`;

  it('list on the client with their open count, for the coach side', async () => {
    const { clients } = await beacon.ok(CLIENTS, {}, world.coachToken);
    const byId = new Map(clients.edges.map((e: any) => [e.node.id, e.node]));
    const first: any = byId.get(world.client.id);
    expect(first.referrals.totalCount).toBe(2);
    expect(first.referrals.edges).toHaveLength(1);
    expect(first.openReferralCount).toBe(2);
  });

  it('show the agency only the ones it received once sent', async () => {
    const CLIENT = `query($id: ID!) { client(id: $id) { id openReferralCount referrals { totalCount edges { node { id } } } } }`;
    const { client } = await beacon.ok(CLIENT, { id: made[2].client.id }, agencyToken);
    expect(client.referrals.edges.map((e: any) => e.node.id).sort()).toEqual([made[2].id, made[3].id].sort());
    expect(client.referrals.totalCount).toBe(2);
    // made[2] was cancelled above; made[3] is still open.
    expect(client.openReferralCount).toBe(1);
    // The first client reached the agency only through the DRAFT made[0]: not at all.
    expect((await beacon.ok(CLIENT, { id: world.client.id }, agencyToken)).client).toBeNull();
  });
});

describe('the Referrals page of the coach app', () => {
  const PAGE = `${REFERRAL_SUMMARY}
    query Referrals($filter: ReferralFilter, $first: Int, $after: String) {
      referrals(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { ...ReferralSummary } }
      }
    }`;

  it('issues the same number of SQL statements for 50 referrals as for 5', async () => {
    const supervisorToken = await world.people.supervisor.token();
    // 60 referrals over several clients, services, coaches and outcomes.
    const clients = [world.client, ...(await Promise.all([1, 2, 3].map(() => aClient(beacon, world.coachToken))))];
    for (let i = 0; i < 60; i++) {
      const referral = await aReferral(beacon, world.coachToken, { clientId: clients[i % clients.length].id, serviceId: i % 2 ? world.service.id : world.otherService.id });
      if (i % 3 === 0) {
        await beacon.ok(`mutation($input: RecordOutcomeInput!) { recordOutcome(input: $input) { referral { id } } }`, {
          input: { referralId: referral.id, type: 'SERVICE_RECEIVED', achievedOn: localDay(), expectedVersion: 1 },
        }, world.coachToken);
      }
    }
    const run = async (first: number) => {
      let data: any;
      const statements = await beacon.countStatements(async () => {
        data = await beacon.ok(PAGE, { first }, supervisorToken);
      });
      return { statements, edges: data.referrals.edges.length };
    };
    await run(5); // warm up the connection pool
    const five = await run(5);
    const fifty = await run(50);
    expect(five.edges).toBe(5);
    expect(fifty.edges).toBe(50);
    expect(fifty.statements).toBe(five.statements);
  });
});
