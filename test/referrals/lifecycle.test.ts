import { startBeacon, type Beacon } from '../harness/beacon';
import { aReferral, transition, TRANSITION, type TestReferral } from '../harness/builders';
import { aReferralWorld, type ReferralWorld } from '../harness/world';
import { REFERRAL } from './builders';
import { codes, errorOf } from '../harness/errors';

type Side = 'requester' | 'agency' | 'admin';
interface Row {
  from: string;
  to: string;
  by: Side[];
  reason: boolean;
}

const STATUSES = ['DRAFT', 'REQUESTED', 'ACCEPTED', 'REJECTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED', 'CANCELLED', 'ENTERED_IN_ERROR'];
const ACTIVE = ['ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'];

/** DESIGN.md's lifecycle table, written out row by row. */
const TABLE: Row[] = [
  { from: 'DRAFT', to: 'REQUESTED', by: ['requester'], reason: false },
  { from: 'DRAFT', to: 'CANCELLED', by: ['requester'], reason: true },
  { from: 'REQUESTED', to: 'ACCEPTED', by: ['agency'], reason: false },
  { from: 'REQUESTED', to: 'REJECTED', by: ['agency'], reason: true },
  { from: 'REQUESTED', to: 'CANCELLED', by: ['requester'], reason: true },
  ...ACTIVE.flatMap((from) =>
    ['IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'FAILED']
      .filter((to) => to !== from)
      .map((to): Row => ({ from, to, by: ['agency'], reason: to === 'ON_HOLD' || to === 'FAILED' })),
  ),
  ...ACTIVE.map((from): Row => ({ from, to: 'CANCELLED', by: ['requester', 'agency'], reason: true })),
  ...STATUSES.filter((s) => s !== 'ENTERED_IN_ERROR').map((from): Row => ({ from, to: 'ENTERED_IN_ERROR', by: ['requester', 'admin'], reason: true })),
];

/** What a caller acting as `sides` may move to from `status`, sorted. */
const allowedFor = (status: string, sides: Side[]) =>
  TABLE.filter((row) => row.from === status && row.by.some((side) => sides.includes(side))).map((row) => row.to).sort();

/** Coaches act as the requester and, on the agency's behalf, as the agency. */
const COACH_SIDES: Side[] = ['requester', 'agency'];

let beacon: Beacon;
let world: ReferralWorld;
let agencyToken: string;
beforeAll(async () => {
  beacon = await startBeacon();
  world = await aReferralWorld(beacon);
  agencyToken = await world.people.agency.token();
});
afterAll(() => beacon.stop());

/** A fresh referral driven to `status` by the usual hands. */
async function referralIn(status: string): Promise<TestReferral> {
  const base = { clientId: world.client.id, serviceId: world.service.id };
  if (status === 'DRAFT') return aReferral(beacon, world.coachToken, { ...base, send: false });
  const requested = await aReferral(beacon, world.coachToken, base);
  switch (status) {
    case 'REQUESTED':
      return requested;
    case 'REJECTED':
      return transition(beacon, agencyToken, requested, 'REJECTED', 'No openings this month');
    case 'CANCELLED':
      return transition(beacon, world.coachToken, requested, 'CANCELLED', 'Client moved away');
    case 'ENTERED_IN_ERROR':
      return transition(beacon, world.coachToken, requested, 'ENTERED_IN_ERROR', 'Wrong client');
  }
  const accepted = await transition(beacon, agencyToken, requested, 'ACCEPTED');
  if (status === 'ACCEPTED') return accepted;
  return transition(beacon, agencyToken, accepted, status, 'Waiting on documents');
}

const tokenOf = (side: Side) => (side === 'requester' ? world.coachToken : side === 'agency' ? agencyToken : world.admin);

describe('the referral lifecycle', () => {
  it('has the table DESIGN.md gives (a sanity check of the walk below)', () => {
    // DRAFT 2, REQUESTED 3, ACCEPTED 4 + IN_PROGRESS 3 + ON_HOLD 3 agency steps, 3 cancellations, 9 entered in error.
    expect(TABLE).toHaveLength(2 + 3 + 10 + 3 + 9);
  });

  for (const row of TABLE) {
    for (const side of row.by) {
      it(`lets the ${side} move a referral from ${row.from} to ${row.to}`, async () => {
        const referral = await referralIn(row.from);
        const reason = row.reason ? `Because ${row.to.toLowerCase()}` : undefined;
        const moved = await transition(beacon, tokenOf(side), referral, row.to, reason);
        expect(moved.status).toBe(row.to);
        expect(moved.version).toBe(referral.version + 1);
        const last = moved.history[moved.history.length - 1];
        expect(last).toMatchObject({ from: row.from, to: row.to, reason: reason ?? null, onBehalfOfAgency: false });
      });
    }
  }

  for (const status of STATUSES) {
    it(`refuses a step the table does not have from ${status}, listing the ones each caller may take`, async () => {
      const referral = await referralIn(status);
      const notInTable = STATUSES.filter((to) => !TABLE.some((row) => row.from === status && row.to === to));
      for (const [token, sides] of [
        [world.coachToken, COACH_SIDES],
        [agencyToken, ['agency']],
        [world.admin, ['admin']],
      ] as [string, Side[]][]) {
        const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to: notInTable[0], expectedVersion: referral.version, reason: 'r' } }, token);
        if (status === 'DRAFT' && token === agencyToken) {
          // A draft is the requester's alone: the agency is answered as if it did not exist.
          expect(codes(response)).toEqual(['NOT_FOUND']);
          continue;
        }
        expect(codes(response)).toEqual(['INVALID_TRANSITION']);
        expect([...errorOf(response)?.allowed].sort()).toEqual(allowedFor(status, sides));
      }
      const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
      expect(after).toMatchObject({ status, version: referral.version });
    });
  }

  it('refuses the agency the requester-only steps, listing its own', async () => {
    const referral = await referralIn('REQUESTED');
    const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to: 'CANCELLED', reason: 'x', expectedVersion: referral.version } }, agencyToken);
    expect(errorOf(response)).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['ACCEPTED', 'REJECTED'] });
  });

  it('lets an admin only mark a referral entered in error', async () => {
    const referral = await referralIn('ACCEPTED');
    const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to: 'COMPLETED', expectedVersion: referral.version } }, world.admin);
    expect(errorOf(response)).toMatchObject({ code: 'INVALID_TRANSITION', allowed: ['ENTERED_IN_ERROR'] });
  });

  for (const row of TABLE.filter((r) => r.reason)) {
    it(`asks for a reason to move from ${row.from} to ${row.to}, changing nothing without one`, async () => {
      const referral = await referralIn(row.from);
      for (const reason of [undefined, '   ']) {
        const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to: row.to, reason, expectedVersion: referral.version } }, tokenOf(row.by[0]));
        expect(codes(response)).toEqual(['BAD_USER_INPUT']);
        expect(errorOf(response)?.fields).toEqual([{ field: 'input.reason', message: expect.any(String) }]);
      }
      const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
      expect(after).toMatchObject({ status: row.from, version: referral.version });
      expect(after.history).toHaveLength(referral.history.length);
    });
  }

  it('refuses a reason over 2000 characters, naming input.reason and changing nothing', async () => {
    const referral = await referralIn('REQUESTED');
    const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to: 'REJECTED', reason: 'x'.repeat(2001), expectedVersion: referral.version } }, agencyToken);
    expect(codes(response)).toEqual(['BAD_USER_INPUT']);
    expect(errorOf(response)?.fields).toEqual([{ field: 'input.reason', message: 'must be at most 2000 characters' }]);
    const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
    expect(after).toMatchObject({ status: 'REQUESTED', version: referral.version });
  });

  it("marks an agency step a coach records (after a phone call) as on the agency's behalf", async () => {
    const requested = await referralIn('REQUESTED');
    const accepted = await transition(beacon, world.coachToken, requested, 'ACCEPTED');
    const onHold = await transition(beacon, agencyToken, accepted, 'ON_HOLD', 'Waiting for a bed');
    const cancelled = await transition(beacon, world.coachToken, onHold, 'CANCELLED', 'Client found housing elsewhere');
    expect(cancelled.history.map((e: any) => [e.from, e.to, e.onBehalfOfAgency, e.actor.id])).toEqual([
      [null, 'REQUESTED', false, world.people.coach.id],
      ['REQUESTED', 'ACCEPTED', true, world.people.coach.id],
      ['ACCEPTED', 'ON_HOLD', false, world.people.agency.id],
      // Cancelling is the requester's own step, so not on anyone's behalf.
      ['ON_HOLD', 'CANCELLED', false, world.people.coach.id],
    ]);
  });

  it('answers a stale expectedVersion with CONFLICT and the current version, whatever step it asked for', async () => {
    const referral = await referralIn('ACCEPTED');
    for (const to of ['IN_PROGRESS', 'DRAFT']) {
      const response = await beacon.gql(TRANSITION, { input: { referralId: referral.id, to, expectedVersion: referral.version - 1 } }, agencyToken);
      expect(errorOf(response)).toMatchObject({ code: 'CONFLICT', currentVersion: referral.version });
    }
    const after = (await beacon.ok(REFERRAL, { id: referral.id }, world.coachToken)).referral;
    expect(after).toMatchObject({ status: 'ACCEPTED', version: referral.version });
  });

  it('writes an audit event for each transition, on the client’s organization', async () => {
    const referral = await referralIn('REQUESTED');
    await transition(beacon, agencyToken, referral, 'ACCEPTED');
    const { auditEvents } = await beacon.ok(
      `query($f: AuditFilter) { auditEvents(filter: $f, first: 10) { edges { node { action entityId actor { id } } } } }`,
      { f: { entityId: referral.id } },
      await world.people.supervisor.token(),
    );
    const byAction = Object.fromEntries(auditEvents.edges.map((e: any) => [e.node.action, e.node.actor.id]));
    expect(byAction).toEqual({ createReferral: world.people.coach.id, transitionReferral: world.people.agency.id });
  });
});
