import { startBeacon, type Beacon } from '../harness/beacon';
import { generateClients, SYNTHETIC_PASSWORD } from '../../seeds/synthetic/clients';
import { generateDirectory } from '../../seeds/synthetic/directory';
import { generateReferrals } from '../../seeds/synthetic/referrals';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

it('the synthetic referral generator makes consistent referrals in every status that the API serves', async () => {
  await generateDirectory(beacon.dataSource, { providers: 20, services: 200, locations: 250 });
  await generateClients(beacon.dataSource, { organizations: 2, coaches: 6, clients: 300 });
  await generateReferrals(beacon.dataSource, { referrals: 4000 });
  const query = async (sql: string) => (await beacon.dataSource.query(sql))[0];

  const statuses = await beacon.dataSource.query(`SELECT status FROM referral GROUP BY status`);
  expect(statuses).toHaveLength(10);
  expect(await query(`SELECT count(*)::int AS n, (max(created_at) - min(created_at)) > interval '600 days' AS spread FROM referral`)).toEqual({ n: 4000, spread: true });

  // Each referral's version counts its history events and notes; its history ends at its status, one event per version.
  expect(
    await query(`
      SELECT count(*)::int AS bad FROM referral r
       WHERE r.version <> (SELECT count(*) FROM referral_event e WHERE e.referral_id = r.id) + (SELECT count(*) FROM referral_note n WHERE n.referral_id = r.id)
          OR r.status <> (SELECT e.to_status FROM referral_event e WHERE e.referral_id = r.id ORDER BY e.version DESC LIMIT 1)
          OR (SELECT min(e.version) FROM referral_event e WHERE e.referral_id = r.id) <> 1
          OR (SELECT e.from_status FROM referral_event e WHERE e.referral_id = r.id AND e.version = 1) IS NOT NULL`),
  ).toEqual({ bad: 0 });

  // Follow-up only while open; outcomes where DESIGN.md's landing rules put them.
  expect(
    await query(`
      SELECT count(*) FILTER (WHERE (follow_up_due IS NULL) <> (status IN ('REJECTED','COMPLETED','FAILED','CANCELLED','ENTERED_IN_ERROR')))::int AS follow_up,
             count(*) FILTER (WHERE status IN ('COMPLETED','FAILED') AND outcome_type IS NULL)::int AS missing_outcome,
             count(*) FILTER (WHERE outcome_type IS NOT NULL AND outcome_successful <> (status = 'COMPLETED'))::int AS wrong_success,
             count(*) FILTER (WHERE status = 'REJECTED' AND outcome_type NOT IN ('NOT_ELIGIBLE','NO_CAPACITY'))::int AS wrong_rejection,
             count(*) FILTER (WHERE accepted_at IS NOT NULL AND status IN ('DRAFT','REQUESTED','REJECTED','CANCELLED'))::int AS wrong_acceptance,
             count(*) FILTER (WHERE status IN ('ACCEPTED','IN_PROGRESS','ON_HOLD','COMPLETED','FAILED') AND accepted_at IS NULL)::int AS never_accepted
        FROM referral`),
  ).toEqual({ follow_up: 0, missing_outcome: 0, wrong_success: 0, wrong_rejection: 0, wrong_acceptance: 0, never_accepted: 0 });

  const supervisor = await beacon.login('supervisor-1@synthetic.beacon', SYNTHETIC_PASSWORD);
  const [{ organization_id: orgId }] = await beacon.dataSource.query(`SELECT organization_id FROM app_user WHERE email = 'supervisor-1@synthetic.beacon'`);
  const { referrals } = await beacon.ok(
    `query { referrals(first: 50) { totalCount edges { node { id status client { alias } service { name } history { to } } } } }`,
    {},
    supervisor,
  );
  const [{ n }] = await beacon.dataSource.query(`SELECT count(*)::int AS n FROM referral WHERE referring_organization_id = $1`, [orgId]);
  expect(referrals.totalCount).toBe(n);
  expect(referrals.edges).toHaveLength(50);
  for (const { node } of referrals.edges) expect(node.history[node.history.length - 1].to).toBe(node.status);
});
