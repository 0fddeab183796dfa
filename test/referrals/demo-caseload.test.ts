import { DEMO_SIGN_INS } from '../../seeds/demo';
import type { Beacon } from '../harness/beacon';
import { startDemoBeacon } from '../harness/demo';

let beacon: Beacon;
beforeAll(async () => {
  ({ beacon } = await startDemoBeacon());
}, 60_000);
afterAll(() => beacon.stop());

const signIn = (email: string) => beacon.login(email, DEMO_SIGN_INS.password);

describe('the demo caseload', () => {
  it('gives the coaches about 40 clients with goals and consents, and referrals in every status over 18 months', async () => {
    const supervisor = await signIn('supervisor@beacon.test');
    const { clients } = await beacon.ok(`query { clients(first: 100) { totalCount edges { node { goals { status } consents { active } openReferralCount } } } }`, {}, supervisor);
    expect(clients.totalCount).toBe(40);
    expect(clients.edges.every((e: any) => e.node.goals.length > 0)).toBe(true);
    expect(clients.edges.filter((e: any) => e.node.consents.some((c: any) => c.active)).length).toBeGreaterThan(20);
    expect(clients.edges.some((e: any) => e.node.goals.some((g: any) => g.status === 'ACHIEVED'))).toBe(true);

    const [stats] = await beacon.dataSource.query(`
      SELECT count(DISTINCT status)::int AS statuses, count(outcome_type)::int AS outcomes,
             count(*) FILTER (WHERE follow_up_due < now())::int AS overdue,
             min(created_at) < now() - interval '16 months' AND min(created_at) > now() - interval '18 months' AS spread
        FROM referral`);
    expect(stats).toMatchObject({ statuses: 10, spread: true });
    expect(stats.outcomes).toBeGreaterThan(20);
    expect(stats.overdue).toBeGreaterThan(0);
  });

  it("fills the coach's follow-up queue and the agency's incoming list", async () => {
    const coach = await signIn('coach@beacon.test');
    const { followUpQueue } = await beacon.ok(`query { followUpQueue { totalCount edges { node { overdue } } } }`, {}, coach);
    expect(followUpQueue.totalCount).toBeGreaterThan(0);
    expect(followUpQueue.edges.every((e: any) => e.node.overdue)).toBe(true);

    const agency = await signIn('agency@beacon.test');
    const { referrals } = await beacon.ok(`query { referrals(filter: { direction: RECEIVED }) { totalCount } }`, {}, agency);
    expect(referrals.totalCount).toBeGreaterThan(5);
  });
});
