import { startBeacon, type Beacon } from '../harness/beacon';
import { generateClients, SYNTHETIC_PASSWORD } from '../../seeds/synthetic/clients';
import { anAgency } from '../harness/builders';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

it('the synthetic caseload generator fills organizations, coaches and clients that the API serves', async () => {
  await anAgency(beacon, await beacon.adminToken());
  const made = await generateClients(beacon.dataSource, { organizations: 3, coaches: 9, clients: 900 });
  expect(made).toMatchObject({ organizations: 3, coaches: 9, supervisors: 3, clients: 900 });
  expect(made.goals).toBeGreaterThan(600);
  expect(made.consents).toBeGreaterThan(100);

  const coach = await beacon.login('coach-1@synthetic.beacon', SYNTHETIC_PASSWORD);
  const mine = await beacon.ok(`query { clients(first: 5) { totalCount edges { node { alias goals { status achievedOn } consents { active } } } } }`, {}, coach);
  expect(mine.clients.totalCount).toBe(100);
  const supervisor = await beacon.login('supervisor-1@synthetic.beacon', SYNTHETIC_PASSWORD);
  expect((await beacon.ok(`query { clients(first: 1) { totalCount } }`, {}, supervisor)).clients.totalCount).toBe(300);

  const [spread] = await beacon.dataSource.query(`
    SELECT count(DISTINCT contact_preference)::int AS preferences, count(first_name)::int AS named, count(*)::int AS total,
           min(created_at) < now() - interval '300 days' AS old_enough
      FROM client`);
  expect(spread).toMatchObject({ preferences: 4, total: 900, old_enough: true });
  expect(spread.named).toBeGreaterThan(600);
  expect(spread.named).toBeLessThan(900);
});
