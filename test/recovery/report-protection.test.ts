import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aCoach, aFunder, aFunderOrganization, aGrant, aPeerOrganization } from '../harness/builders';
import { aCaseloadWorld, type CaseloadWorld } from '../harness/world';
import { codes } from '../harness/errors';
import { cellKey, perturbationTable } from '../../src/reports/cell-key';
import { assessed, figuresOf, RECOVERY_CAPITAL_REPORT, recoveryReport } from './report-builders';

/**
 * The recovery capital report's protection with the defaults (threshold 11, shifts up to 2).
 * Clients first assessed in January 2026, of three peer organizations:
 *   P  16 clients: 12 improved (by 1 to 12 points), 4 unchanged; mean change 78/16 = 4.875
 *   Q   3 clients, all improved: small, withheld
 *   R  12 clients: 5 improved, 7 down; withheld as Q's complement
 * P's clients all get the record key K, chosen so that P's 16 clients and its 12 improved move
 * by different amounts: `improved` is perturbed by its own clients' keys.
 */
let beacon: Beacon;
let w: CaseloadWorld;
let r: { id: string };
let K: number;

const JANUARY = { from: '2026-01-01', to: '2026-01-31' };
const shift = (keySum: number) => perturbationTable(2)[cellKey(keySum)];

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aCaseloadWorld(beacon);
  r = await aPeerOrganization(beacon, w.admin);
  const rCoach = await aCoach(beacon, w.admin, r.id);
  const clientsOf = async (coach: { id: string; token: () => Promise<string> }, changes: number[]) => {
    const ids: string[] = [];
    for (const change of changes) {
      const client = await aClient(beacon, await coach.token());
      await assessed(beacon, client.id, coach.id, [['2026-01-10', 30], ['2026-03-10', 30 + change]]);
      ids.push(client.id);
    }
    return ids;
  };
  const p = await clientsOf(w.coach, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 0, 0, 0]);
  await clientsOf(w.otherOrgCoach, [3, 4, 5]);
  await clientsOf(rCoach, [2, 2, 2, 2, 2, -3, -3, -3, -3, -3, -3, -3]);
  K = [...Array(256).keys()].find((key) => shift(16 * key) !== shift(12 * key) && shift(12 * key) > 0)!;
  // The clients' record keys are the report's hidden randomness, fixed here so the test knows P's shifts.
  await beacon.dataSource.query(`UPDATE client SET record_key = $2 WHERE id = ANY($1::uuid[])`, [p, K]);
  for (const grantee of [w.peer.id, w.otherPeer.id, r.id]) await aGrant(beacon, w.admin, w.funder.organizationId!, grantee, '2025-01-01');
}, 120_000);
afterAll(() => beacon.stop());

const byOrganization = async (token: string, extra: Record<string, unknown> = {}) => recoveryReport(beacon, token, { ...JANUARY, groupBy: ['ORGANIZATION'], ...extra });
const rowOf = (report: { rows: any[] }, organizationId: string) => report.rows.map(figuresOf).find((row) => row.organizationId === organizationId);
const WITHHELD = { clients: null, meanChange: null, improved: null, suppressed: true };

describe('the recovery capital report protects small cells', () => {
  it('withholds a small cell with its mean change, and its complement, and publishes no count below the threshold', async () => {
    const report = await byOrganization(await w.funder.token());
    expect(report).toMatchObject({ suppressionThreshold: 11, maxPerturbation: 2 });
    expect(rowOf(report, w.otherPeer.id)).toMatchObject(WITHHELD);
    expect(rowOf(report, r.id)).toMatchObject(WITHHELD);
    expect(rowOf(report, w.peer.id)).toMatchObject({ meanChange: 4.9, suppressed: false });
    for (const row of [...report.rows, report.totals]) {
      for (const count of [row.clients, row.improved]) if (count !== null && count !== 0) expect(count).toBeGreaterThanOrEqual(11);
      if (row.clients === null) expect(row.meanChange).toBeNull();
    }
  });

  it('perturbs clients and improved each by the record keys of the clients it counts', async () => {
    const report = await byOrganization(await w.funder.token());
    expect(rowOf(report, w.peer.id)).toMatchObject({
      clients: Math.max(11, 16 + shift(16 * K)),
      improved: Math.max(11, 12 + shift(12 * K)),
    });
  });

  it('gives the same records the same figures in any report: the totals are January, and the first quarter', async () => {
    const token = await w.funder.token();
    const totals = figuresOf((await byOrganization(token)).totals);
    const [january] = (await recoveryReport(beacon, token, { from: '2026-01-01', to: '2026-03-31', groupBy: ['MONTH'] })).rows.map(figuresOf);
    const [quarter] = (await recoveryReport(beacon, token, { from: '2026-01-01', to: '2026-03-31', groupBy: ['QUARTER'] })).rows.map(figuresOf);
    expect(totals).toMatchObject({ clients: expect.any(Number), meanChange: expect.any(Number) });
    expect({ ...january, period: null }).toEqual(totals);
    expect({ ...quarter, period: null }).toEqual(totals);
    expect(await byOrganization(token)).toEqual(await byOrganization(token));
  });

  it('lets filters choose rows, not figures: narrowing organizationIds changes no number', async () => {
    const token = await w.funder.token();
    const all = await byOrganization(token);
    const onlyP = await byOrganization(token, { organizationIds: [w.peer.id] });
    const pAndR = await byOrganization(token, { organizationIds: [w.peer.id, r.id] });
    const ungrouped = await recoveryReport(beacon, token, { ...JANUARY, groupBy: [], organizationIds: [w.peer.id] });
    expect(onlyP.rows.map(figuresOf)).toEqual([rowOf(all, w.peer.id)]);
    expect(pAndR.rows.map(figuresOf)).toEqual(expect.arrayContaining([rowOf(all, w.peer.id), rowOf(all, r.id)]));
    expect(pAndR.rows).toHaveLength(2);
    expect(ungrouped.groupBy).toEqual(['ORGANIZATION']);
    expect(ungrouped.rows.map(figuresOf)).toEqual([rowOf(all, w.peer.id)]);
    for (const narrowed of [onlyP, pAndR, ungrouped]) expect(narrowed.totals).toEqual(all.totals);
  });
});

describe('who may ask for the recovery capital report', () => {
  it('gives a funder the organizations of their grants that overlap the period, and refuses naming another', async () => {
    const funderOrg = await aFunderOrganization(beacon, w.admin);
    const funder = await aFunder(beacon, w.admin, funderOrg.id);
    await aGrant(beacon, w.admin, funderOrg.id, w.peer.id, '2025-06-01', '2026-01-15');
    await aGrant(beacon, w.admin, funderOrg.id, r.id, '2025-01-01', '2025-12-31');
    const token = await funder.token();
    const report = await byOrganization(token);
    expect(report.rows.map(figuresOf)).toEqual([rowOf(await byOrganization(await w.funder.token()), w.peer.id)]);
    expect(codes(await beacon.gql(RECOVERY_CAPITAL_REPORT, { input: { ...JANUARY, groupBy: ['ORGANIZATION'], organizationIds: [r.id] } }, token))).toEqual(['FORBIDDEN']);
    expect(codes(await beacon.gql(RECOVERY_CAPITAL_REPORT, { input: { ...JANUARY, groupBy: ['ORGANIZATION'], organizationIds: [w.otherPeer.id] } }, token))).toEqual(['FORBIDDEN']);
  });

  it('gives a funder without a grant over the period nothing, and an admin every organization', async () => {
    const funderOrg = await aFunderOrganization(beacon, w.admin);
    const funder = await aFunder(beacon, w.admin, funderOrg.id);
    await aGrant(beacon, w.admin, funderOrg.id, w.peer.id, '2025-01-01', '2025-12-31');
    const none = await byOrganization(await funder.token());
    expect(none.rows).toEqual([]);
    expect(figuresOf(none.totals)).toMatchObject({ clients: 0, meanChange: null, improved: 0, suppressed: false });

    const admin = await byOrganization(await beacon.adminToken());
    expect(admin.rows.map((row: any) => row.organization.id).sort()).toEqual([w.peer.id, w.otherPeer.id, r.id].sort());
  });

  it('refuses coaches, supervisors and agencies, and anyone not signed in', async () => {
    const input = { ...JANUARY, groupBy: ['ORGANIZATION'] };
    for (const person of [w.coach, w.supervisor, w.agencyStaff]) {
      expect(codes(await beacon.gql(RECOVERY_CAPITAL_REPORT, { input }, await person.token()))).toEqual(['FORBIDDEN']);
    }
    expect(codes(await beacon.gql(RECOVERY_CAPITAL_REPORT, { input }))).toEqual(['UNAUTHENTICATED']);
  });
});
