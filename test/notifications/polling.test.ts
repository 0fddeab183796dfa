import { captureStatements } from '../../src/db/statement-counter';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, CREATE_REFERRAL, transition } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { ADD_NOTE } from '../referrals/builders';

/** The agency portal's poll, word for word as the contract's ReferralsChangedSince. */
const CHANGED_SINCE = `query ReferralsChangedSince($since: DateTime!, $first: Int, $after: String) {
  referrals(filter: { updatedAfter: $since }, first: $first, after: $after) {
    edges { cursor node { id status version updatedAt } }
    pageInfo { hasNextPage endCursor }
  } }`;

let beacon: Beacon;
let w: ReferralWorld;
beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
});
afterAll(() => beacon.stop());

const newReferral = () => aReferral(beacon, w.coachToken, { clientId: w.client.id, serviceId: w.service.id });
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Every referral changed since `since`, as `token` sees it, paging `first` at a time. */
async function poll(token: string, since: string, first: number) {
  const nodes: { id: string; version: number; updatedAt: string }[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: any = (await beacon.ok(CHANGED_SINCE, { since, first, after }, token)).referrals;
    nodes.push(...page.edges.map((e: any) => e.node));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages++;
  } while (after);
  return { nodes, pages };
}

describe('polling with updatedAfter', () => {
  it('an agency pages through what changed since its last poll, most recently updated first', async () => {
    const agency = await w.people.agency.token();
    const untouched = await newReferral();
    const older = await newReferral();
    await pause();
    const since = new Date().toISOString();
    await pause();
    const fresh = [await newReferral(), await newReferral(), await newReferral()];
    const accepted = await transition(beacon, agency, older, 'ACCEPTED');
    await beacon.ok(ADD_NOTE, { input: { referralId: fresh[0].id, body: 'Bed held until Friday.' } }, agency);

    const { nodes, pages } = await poll(agency, since, 2);
    expect(pages).toBe(2);
    expect(nodes.map((n) => n.id)).toEqual([fresh[0].id, older.id, fresh[2].id, fresh[1].id]);
    expect(nodes.find((n) => n.id === older.id)?.version).toBe(accepted.version);
    expect(nodes.map((n) => n.id)).not.toContain(untouched.id);
    for (const node of nodes) expect(node.updatedAt >= since).toBe(true);
  });

  it('the poll keeps to what the viewer reaches: drafts stay the requester\'s, another agency sees nothing', async () => {
    const since = new Date().toISOString();
    await pause();
    const sent = await newReferral();
    const draft = (await beacon.ok(CREATE_REFERRAL, { input: { clientId: w.client.id, serviceId: w.service.id, send: false } }, w.coachToken)).createReferral.referral;

    const agencySees = (await poll(await w.people.agency.token(), since, 20)).nodes.map((n) => n.id);
    expect(agencySees).toContain(sent.id);
    expect(agencySees).not.toContain(draft.id);
    expect((await poll(await w.people.otherAgency.token(), since, 20)).nodes).toEqual([]);
    expect((await poll(await w.people.outsideSupervisor.token(), since, 20)).nodes).toEqual([]);
    expect((await poll(w.coachToken, since, 20)).nodes.map((n) => n.id)).toEqual([draft.id, sent.id]);
  });

  it('an anonymous poll is UNAUTHENTICATED', async () => {
    const response = await beacon.gql(CHANGED_SINCE, { since: new Date().toISOString(), first: 5 });
    expect(response.errors?.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('what serves the poll', () => {
  it("the agency's poll reads only what changed since: updatedAfter bounds an index scan, not a filter", async () => {
    // Enough of the agency's own referrals, all changed long before the poll's `since`, that
    // only an index bounded by updated_at (not one merely in its order) skips them: copies of
    // one referral, made in SQL since the API would take minutes to make them.
    const seed = await newReferral();
    await beacon.dataSource.query(
      `INSERT INTO referral (client_id, service_id, receiving_organization_id, referring_organization_id, referred_by_id, status, service_category, created_at, updated_at)
       SELECT client_id, service_id, receiving_organization_id, referring_organization_id, referred_by_id, status, service_category,
         now() - interval '1 day' - g * interval '1 minute', now() - interval '1 day' - g * interval '1 minute'
       FROM referral, generate_series(1, 20000) g WHERE id = $1`,
      [seed.id],
    );
    await beacon.dataSource.query('ANALYZE referral');

    const since = new Date(Date.now() - 60_000).toISOString();
    const agency = await w.people.agency.token();
    const statements = await captureStatements(beacon.dataSource, () => beacon.ok(CHANGED_SINCE, { since, first: 20 }, agency));
    const poll = statements.find((s) => /updated_at"? >=/.test(s.text));
    expect(poll).toBeDefined();
    const plan = (await beacon.dataSource.query(`EXPLAIN ${poll!.text}`, poll!.values)).map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    // The receiving organization's (updated_at, id) index or the one on updated_at alone, whichever
    // the planner prefers for these rows; either way updated_at is in the Index Cond.
    expect(plan).toMatch(/Index Scan using referral_(receiving_)?updated_idx on referral/);
    expect(plan).toMatch(/Index Cond: \(.*updated_at >=.*\)/);
    expect(plan).not.toMatch(/Seq Scan on referral\b/);
    // The old rows were never read: the plan's estimate stays near the page, not the 20,000.
    const [{ 'QUERY PLAN': [analyzed] }] = await beacon.dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${poll!.text}`, poll!.values);
    expect(JSON.stringify(analyzed)).not.toMatch(/"Rows Removed by Filter": ([1-9]\d{3,})/);
  });
});
