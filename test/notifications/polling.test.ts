import { poolOf } from '../../src/db/pool';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, anAgency, CREATE_REFERRAL, transition } from '../harness/builders';
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
  it("the agency's poll is read through the receiving organization's (updated_at, id) index", async () => {
    // Enough referrals of other organizations that a sequential scan would cost more than the index:
    // copies of one referral, made in SQL since the API would take minutes to make them.
    const elsewhere = await anAgency(beacon, w.admin);
    const seed = await newReferral();
    await beacon.dataSource.query(
      `INSERT INTO referral (client_id, service_id, receiving_organization_id, referring_organization_id, referred_by_id, status, service_category, created_at, updated_at)
       SELECT client_id, service_id, $2, referring_organization_id, referred_by_id, status, service_category, now() - g * interval '1 minute', now() - g * interval '1 minute'
       FROM referral, generate_series(1, 20000) g WHERE id = $1`,
      [seed.id, elsewhere.id],
    );
    await beacon.dataSource.query('ANALYZE referral');

    const since = new Date(Date.now() - 60_000).toISOString();
    const agency = await w.people.agency.token();
    const statements = await captured(beacon, () => beacon.ok(CHANGED_SINCE, { since, first: 20 }, agency));
    const poll = statements.find((s) => /updated_at"? >=/.test(s.text));
    expect(poll).toBeDefined();
    const plan = (await beacon.dataSource.query(`EXPLAIN ${poll!.text}`, poll!.values)).map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('referral_receiving_updated_idx');
    expect(plan).not.toMatch(/Seq Scan on referral\b/);
  });
});

/** The statements the data source's pool sends while `work` runs, with their parameters (the tests' own view of what the server asked). */
async function captured(target: Beacon, work: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }[]> {
  const pool = poolOf(target.dataSource) as unknown as { _clients: { query: (...args: any[]) => unknown }[]; on: Function; removeListener: Function };
  const seen: { text: string; values: unknown[] }[] = [];
  const originals = new Map<{ query: (...args: any[]) => unknown }, (...args: any[]) => unknown>();
  const wrap = (client: { query: (...args: any[]) => unknown }) => {
    if (originals.has(client)) return;
    const original = client.query;
    originals.set(client, original);
    client.query = function (this: unknown, ...args: any[]) {
      if (typeof args[0] === 'string') seen.push({ text: args[0], values: Array.isArray(args[1]) ? args[1] : [] });
      return original.apply(this, args);
    };
  };
  pool._clients.forEach(wrap);
  pool.on('connect', wrap);
  try {
    await work();
  } finally {
    pool.removeListener('connect', wrap);
    for (const [client, original] of originals) client.query = original;
  }
  return seen;
}
