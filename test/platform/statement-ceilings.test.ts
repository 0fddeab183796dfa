import { REFERRALS, SEARCH_SERVICES } from '../../bench/operations';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aClient, aConsent, aLocation, aReferral, aService } from '../harness/builders';
import { localDay } from '../harness/days';
import { aReferralWorld, type ReferralWorld } from '../harness/world';

/*
 * DESIGN.md's performance targets, counted in SQL statements: the coach app's SearchServices
 * (text + near + category, full ServiceCards) costs at most 3 statements for an anonymous caller
 * and 4 signed in (the 4th loads the viewer); its Referrals page at most 3 (the viewer's included),
 * for 5 results as for 50.
 */

let beacon: Beacon;
let w: ReferralWorld;
let agencyToken: string;
/** The search every run sends: a word, a place and a category, as the bench does. */
const FILTER = { text: 'recovery', near: { latitude: 40.75, longitude: -73.99 }, radiusKm: 25, categories: ['TREATMENT'] };

beforeAll(async () => {
  beacon = await startBeacon();
  w = await aReferralWorld(beacon);
  agencyToken = await w.people.agency.token();
  const otherAgencyToken = await w.people.otherAgency.token();

  // 60 full cards that match, half with a confidential location, and a few of another category for the facets.
  for (let i = 0; i < 66; i += 11) {
    await Promise.all(
      Array.from({ length: 11 }, (_, j) =>
        aService(beacon, (i + j) % 3 ? agencyToken : otherAgencyToken, {
          name: `Recovery card ${i + j}`,
          category: i + j < 60 ? 'TREATMENT' : 'HOUSING',
          taxonomyCodes: ['treatment.outpatient', 'recovery-support.recovery-coaching'],
          languages: ['en', 'es'],
          capacity: { available: j, maximum: 10, unit: 'seats' },
          costOptions: [{ option: 'Sliding scale', amount: 12.5, currency: 'USD' }],
          acceptedInsurance: ['MEDICAID'],
          locations: [aLocation({ confidential: j % 2 === 0, latitude: 40.75 + j / 1000 }), aLocation({ name: 'Annex', latitude: 40.8 })],
        }),
      ),
    );
  }

  // 60 referrals over four clients, three services of two agencies, some with outcomes; consent to share contact for two clients.
  const clients = [w.client, ...(await Promise.all([1, 2, 3].map(() => aClient(beacon, w.coachToken))))];
  await aConsent(beacon, w.coachToken, clients[0].id, w.agencyOrg.id);
  await aConsent(beacon, w.coachToken, clients[2].id, w.agencyOrg.id);
  const secondService = await aService(beacon, agencyToken);
  const services = [w.service.id, secondService.id, w.otherService.id];
  for (let i = 0; i < 60; i++) {
    const referral = await aReferral(beacon, w.coachToken, { clientId: clients[i % clients.length].id, serviceId: services[i % 10 === 9 ? 2 : i % 2] });
    if (i % 3 === 0) {
      await beacon.ok(`mutation($input: RecordOutcomeInput!) { recordOutcome(input: $input) { referral { id } } }`, {
        input: { referralId: referral.id, type: 'SERVICE_RECEIVED', achievedOn: localDay(), expectedVersion: 1 },
      }, w.coachToken);
    }
  }
}, 120_000);
afterAll(() => beacon.stop());

/** Runs the document and counts its statements, after one run that warms the pool. */
async function measured(document: string, variables: Record<string, unknown>, token?: string) {
  await beacon.ok(document, variables, token);
  let data: any;
  const statements = await beacon.countStatements(async () => {
    data = await beacon.ok(document, variables, token);
  });
  return { statements, data };
}

describe.each([5, 50])('with %i results', (first) => {
  it.each([
    ['an anonymous caller', undefined, 3],
    ['a coach', 'coach', 4],
  ])('SearchServices for %s costs at most its ceiling', async (_, who, ceiling) => {
    const token = who ? await w.people.coach.token() : undefined;
    const { statements, data } = await measured(SEARCH_SERVICES, { filter: FILTER, first }, token);
    const connection = data.searchServices;
    expect(connection.edges).toHaveLength(first);
    // The world's three services (Harbor County, TREATMENT, "recovery" in their description) match too.
    expect(connection.totalCount).toBe(63);
    expect(connection.facets.categories).toEqual(expect.arrayContaining([{ category: 'HOUSING', count: 6 }]));
    // Every part of the card came, down to the hours of the last location of the last card.
    const last = connection.edges[first - 1].node;
    expect(last).toMatchObject({ organization: { name: expect.any(String) }, languages: ['en', 'es'], capacity: { unit: 'seats' }, costOptions: [{ amount: 12.5 }] });
    expect(last.taxonomyTerms).toHaveLength(2);
    expect(last.locations[1]).toMatchObject({ address: { city: 'Harborview' }, phones: [{ number: '(555) 201-0000' }] });
    expect(last.locations[1].schedules).toHaveLength(5);
    expect(statements).toBeLessThanOrEqual(ceiling);
  });

  it.each([
    ['a coach', 'coach'],
    ['agency staff', 'agency'],
  ])('the Referrals page for %s costs at most 3', async (_, who) => {
    const token = who === 'coach' ? w.coachToken : agencyToken;
    const { statements, data } = await measured(REFERRALS, { first }, token);
    const edges = data.referrals.edges;
    expect(edges).toHaveLength(first);
    for (const { node } of edges) {
      expect(node).toMatchObject({ client: { alias: expect.any(String) }, service: { organization: { name: expect.any(String) } }, receivingOrganization: { id: expect.any(String) }, referredBy: { id: w.people.coach.id } });
    }
    expect(edges.some((e: any) => e.node.outcome?.type === 'SERVICE_RECEIVED')).toBe(true);
    expect(statements).toBeLessThanOrEqual(3);
  });
});

it.each([
  ['an anonymous caller', undefined, { address: null, latitude: null, longitude: null }],
  ['a coach', 'coach', { address: { city: 'Harborview' }, latitude: expect.any(Number), longitude: -73.99 }],
])('the cards built in one statement show where a confidential location is to %s as the rule says', async (_, who, where) => {
  const token = who ? await w.people.coach.token() : undefined;
  const { data } = await measured(SEARCH_SERVICES, { filter: FILTER, first: 50 }, token);
  const confidential = data.searchServices.edges.flatMap((e: any) => e.node.locations).filter((l: any) => l.confidential);
  expect(confidential.length).toBeGreaterThan(10);
  for (const location of confidential) expect(location).toMatchObject(where);
});
