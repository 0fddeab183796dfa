import { generateDirectory } from '../../seeds/synthetic/directory';
import { startBeacon, type Beacon } from '../harness/beacon';
import { search } from './builders';

let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
});
afterAll(() => beacon.stop());

it('the synthetic directory generator fills providers, services and locations that the search serves', async () => {
  expect(await generateDirectory(beacon.dataSource, { providers: 20, services: 600, locations: 900 })).toEqual({ providers: 20, services: 600, locations: 900 });
  const [spread] = await beacon.dataSource.query(`
    SELECT (SELECT count(*)::int FROM service) AS services,
           (SELECT count(*)::int FROM location) AS locations,
           (SELECT count(DISTINCT category)::int FROM service) AS categories,
           (SELECT count(DISTINCT status)::int FROM service) AS statuses,
           (SELECT count(DISTINCT taxonomy_term_id)::int FROM attribute) AS terms,
           (SELECT count(*)::int FROM service WHERE NOT EXISTS (SELECT 1 FROM attribute a WHERE a.link_id = service.id)) AS untagged,
           (SELECT count(*)::int FROM service_capacity) AS capacities,
           (SELECT count(DISTINCT code)::int FROM language) AS languages,
           (SELECT count(*)::int FROM location WHERE confidential) AS confidential,
           (SELECT count(*)::int FROM schedule WHERE closes_at < opens_at) AS overnight,
           (SELECT count(*)::int FROM schedule WHERE closes_at = '24:00') AS until_midnight,
           (SELECT count(*)::int FROM service WHERE search_document = ''::tsvector) AS unsearchable`);
  expect(spread).toMatchObject({ services: 600, locations: 900, categories: 10, statuses: 4, untagged: 0, unsearchable: 0 });
  expect(spread.terms).toBeGreaterThan(25);
  expect(spread.capacities).toBeGreaterThan(100);
  expect(spread.languages).toBeGreaterThan(5);
  expect(spread.confidential).toBeGreaterThan(0);
  expect(spread.overnight).toBeGreaterThan(0);
  expect(spread.until_midnight).toBeGreaterThan(0);

  const nearby = await search(beacon, { text: 'shelter', near: { latitude: 40.75, longitude: -73.99 }, radiusKm: 50 });
  expect(nearby.totalCount).toBeGreaterThan(0);
  expect(nearby.edges.every((e) => e.distanceKm! <= 50)).toBe(true);
});
