import { aClient, aConsent, aCoach, aReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { startBeacon, type Beacon } from '../harness/beacon';
import { localDay } from '../harness/days';
import { ADD_NOTE, RECORD_OUTCOME, REFERRAL_SUMMARY } from './builders';

/*
 * Reading a referral's notes, history reasons or outcome note is a read of its client's
 * record: it writes the same audit event as client(id), once per client per request,
 * whoever reads and whether or not `client` is selected.
 */

const EVENTS = `query($f: AuditFilter) { auditEvents(filter: $f, first: 100) { edges { node { action actor { id } } } } }`;

let beacon: Beacon;
let w: ReferralWorld;
const tokens: Record<string, string> = {};
beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  for (const [name, user] of Object.entries(w.people)) tokens[name] = await user.token();
  tokens.admin = w.admin;
});
afterAll(() => beacon.stop());

/**
 * The client-read events on `clientId`, as the supervisor of the client's organization reads
 * them (so each one names the right organization), each as [action, actor].
 */
async function clientReads(clientId: string): Promise<[string, string][]> {
  const { auditEvents } = await beacon.ok(EVENTS, { f: { entityId: clientId, entityType: 'Client' } }, tokens.supervisor);
  return auditEvents.edges.map((e: any) => [e.node.action, e.node.actor.id]).filter(([action]: string[]) => action === 'readClient');
}

/** The client-read events that `work` adds on each of `clientIds`. */
async function readsDuring(clientIds: string[], work: () => Promise<unknown>): Promise<[string, string][][]> {
  const before = await Promise.all(clientIds.map(clientReads));
  await work();
  const after = await Promise.all(clientIds.map(clientReads));
  return after.map((list, i) => list.slice(0, list.length - before[i].length));
}

/** A client with a referral to the agency that has a note, a reason in its history and an outcome with a note. */
async function aClosedReferral() {
  const client = await aClient(beacon, w.coachToken);
  const referral = await aReferral(beacon, w.coachToken, { clientId: client.id, serviceId: w.service.id, note: 'Afraid of crowds' });
  await beacon.ok(RECORD_OUTCOME, { input: { referralId: referral.id, type: 'LOST_CONTACT', achievedOn: localDay(), note: 'Phone cut off', expectedVersion: referral.version } }, w.coachToken);
  return { client, referral };
}

const SELECTIONS = { notes: 'notes { body }', 'history reasons': 'history { reason }', 'the outcome note': 'outcome { note }' };

describe('a referral read without its client', () => {
  for (const [what, selection] of Object.entries(SELECTIONS)) {
    for (const reader of ['coach', 'supervisor', 'agency', 'admin']) {
      it(`audits the client read when the ${reader} selects ${what}`, async () => {
        const { client, referral } = await aClosedReferral();
        const query = `query($id: ID!) { referral(id: $id) { id ${selection} } }`;
        const [added] = await readsDuring([client.id], async () => expect((await beacon.ok(query, { id: referral.id }, tokens[reader])).referral.id).toBe(referral.id));
        const actorId = reader === 'admin' ? (await beacon.ok(`query { viewer { id } }`, {}, w.admin)).viewer.id : w.people[reader as keyof typeof w.people].id;
        expect(added).toEqual([['readClient', actorId]]);
      });
    }
  }

  it('audits nothing when it selects none of them (status, history without reasons, outcome without its note)', async () => {
    const { client, referral } = await aClosedReferral();
    const query = `query($id: ID!) { referral(id: $id) { id status version history { from to at onBehalfOfAgency actor { id } } outcome { type successful achievedOn recordedBy { id } } } }`;
    for (const reader of ['coach', 'agency', 'admin']) {
      const [added] = await readsDuring([client.id], () => beacon.ok(query, { id: referral.id }, tokens[reader]));
      expect([reader, added]).toEqual([reader, []]);
    }
  });

  it('audits once per client per request, however many of them it selects, with the client too', async () => {
    const { client, referral } = await aClosedReferral();
    const query = `query($id: ID!) {
      a: referral(id: $id) { notes { body } history { reason } outcome { note } }
      b: referral(id: $id) { client { alias } notes { body } }
      c: client(id: "${client.id}") { alias }
    }`;
    const [added] = await readsDuring([client.id], () => beacon.ok(query, { id: referral.id }, tokens.agency));
    expect(added).toEqual([['readClient', w.people.agency.id]]);
  });

  it('audits nothing for a referral out of reach', async () => {
    const { client, referral } = await aClosedReferral();
    const query = `query($id: ID!) { referral(id: $id) { notes { body } history { reason } outcome { note } } }`;
    const [added] = await readsDuring([client.id], async () => expect((await beacon.ok(query, { id: referral.id }, tokens.otherAgency)).referral).toBeNull());
    expect(added).toEqual([]);
  });
});

describe('a list of referrals', () => {
  const LIST = (fields: string) => `query($first: Int) { referrals(first: $first) { edges { node { id ${fields} } } } }`;

  /**
   * A coach of their own with `clients` clients of two referrals each, one with notes, the
   * other (the later) closed with an outcome: a list that holds only these.
   */
  async function aCaseload(clients: number) {
    const coach = await aCoach(beacon, w.admin, w.peers.id);
    const token = await coach.token();
    const ids: string[] = [];
    for (let i = 0; i < clients; i++) {
      const client = await aClient(beacon, token);
      const referral = await aReferral(beacon, token, { clientId: client.id, serviceId: w.service.id, note: `Note ${i}` });
      await beacon.ok(ADD_NOTE, { input: { referralId: referral.id, body: 'Called' } }, token);
      const other = await aReferral(beacon, token, { clientId: client.id, serviceId: w.otherService.id });
      await beacon.ok(RECORD_OUTCOME, { input: { referralId: other.id, type: 'HOUSED', achievedOn: localDay(), note: 'Signed a lease', expectedVersion: other.version } }, token);
      ids.push(client.id);
    }
    return { coach, token, ids };
  }

  it('that selects notes or reasons audits each client it reveals, once', async () => {
    const { coach, token, ids } = await aCaseload(3);
    for (const fields of Object.values(SELECTIONS)) {
      const added = await readsDuring(ids, () => beacon.ok(LIST(fields), { first: 50 }, token));
      expect([fields, added]).toEqual([fields, ids.map(() => [['readClient', coach.id]])]);
    }
    // Only the clients on the page: the first two referrals are the last client's.
    const added = await readsDuring(ids, () => beacon.ok(LIST('notes { body }'), { first: 2 }, token));
    expect(added).toEqual([[], [], [['readClient', coach.id]]]);
  });

  it('that selects none of them audits nothing (the summary page of the coach app)', async () => {
    const { token, ids } = await aCaseload(2);
    const page = `${REFERRAL_SUMMARY} query { referrals(first: 50) { edges { node { ...ReferralSummary history { to at } } } } }`;
    // ReferralSummary selects the client's alias: that is a client read, so drop it to see the rest audit nothing.
    const withoutClient = page.replace(/client \{[^}]*\}/, '');
    expect(withoutClient).not.toContain('client {');
    expect(await readsDuring(ids, () => beacon.ok(withoutClient, {}, token))).toEqual([[], []]);
  });

  it("that the agency reads audits each client it reveals, under SHARE_NOTES or not", async () => {
    const { token, ids } = await aCaseload(2);
    await aConsent(beacon, token, ids[0], w.agencyOrg.id, { scope: 'SHARE_NOTES' });
    const added = await readsDuring(ids, () => beacon.ok(`query { referrals(filter: { direction: RECEIVED }, first: 100) { edges { node { history { reason } } } } }`, {}, tokens.agency));
    expect(added).toEqual(ids.map(() => [['readClient', w.people.agency.id]]));
  });

  it('costs the same statements for 2 referrals as for 12 when it selects notes, reasons and outcome notes', async () => {
    const { token } = await aCaseload(6);
    const query = LIST(`notes { body author { id } } history { reason actor { id } } outcome { note }`);
    const count = (first: number) => beacon.countStatements(() => beacon.ok(query, { first }, token));
    await count(2); // warm up the connection pool
    expect(await count(12)).toBe(await count(2));
  });
});
