import { SEARCH_SERVICES } from '../../bench/operations';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, anAgency, anAgencyStaff, aPeerOrganization, aLocation, aService } from '../harness/builders';

let beacon: Beacon;
let coach: string;
let orgId: string;

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  orgId = agency.id;
  const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  coach = await (await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id)).token();
  for (let i = 0; i < 50; i += 10) {
    await Promise.all(
      Array.from({ length: 10 }, (_, j) =>
        aService(beacon, staff, {
          name: `Card ${i + j} recovery`,
          taxonomyCodes: ['treatment.outpatient', 'recovery-support.recovery-coaching'],
          languages: ['en', 'es'],
          capacity: { available: j, maximum: 10, unit: 'seats' },
          costOptions: [{ option: 'Free' }],
          locations: [aLocation({ confidential: j % 2 === 0 }), aLocation({ name: 'Annex', latitude: 40.8 })],
        }),
      ),
    );
  }
}, 60_000);
afterAll(() => beacon.stop());

it('SearchServices with full ServiceCards issues the same number of statements for 5 results and for 50', async () => {
  const run = (first: number) => async () => {
    const data = await beacon.ok(SEARCH_SERVICES, { filter: { text: 'recovery', near: { latitude: 40.75, longitude: -73.99 }, organizationId: orgId }, first }, coach);
    expect(data.searchServices.edges).toHaveLength(first);
    expect(data.searchServices.edges[first - 1].node.locations[1].phones).toHaveLength(1);
  };
  const five = await beacon.countStatements(run(5));
  const fifty = await beacon.countStatements(run(50));
  expect(fifty).toBe(five);
  // the viewer, the page with its facets (totalCount is their sum), services, organizations, terms,
  // capacity, languages, cost options, openNow, locations, addresses, phones, hours
  expect(five).toBeLessThanOrEqual(13);
});
