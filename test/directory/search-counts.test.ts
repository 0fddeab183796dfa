import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, anAgency, anAgencyStaff, aPeerOrganization, aLocation, aService } from '../harness/builders';
import { names, search } from './builders';

/**
 * totalCount and the facets are exact up to 1,000 matches over all categories; past that they
 * are estimates from a sample of the directory read with the page's own criteria, and
 * countsAreEstimates says so.
 */
const COUNTS = `query($filter: ServiceSearchInput!, $first: Int) {
  searchServices(filter: $filter, first: $first) {
    totalCount countsAreEstimates
    facets { categories { category count } }
    edges { node { id name } }
  }
}`;

interface Counts {
  totalCount: number;
  countsAreEstimates: boolean;
  facets: { categories: { category: string; count: number }[] };
  edges: { node: { id: string; name: string } }[];
}

let beacon: Beacon;
let admin: string;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
});
afterAll(() => beacon.stop());

const counted = async (filter: Record<string, unknown>, token?: string, first = 0): Promise<Counts> =>
  (await beacon.ok(COUNTS, { filter, first }, token)).searchServices;

/** An agency and a token of its staff. */
async function anAgencyWithStaff(name?: string) {
  const agency = await anAgency(beacon, admin, name);
  return { id: agency.id, token: await (await anAgencyStaff(beacon, admin, agency.id)).token() };
}

/**
 * `n` copies of `template` (a service made through the API) in set-based SQL, quicker than the
 * API by far: its organization, search document and places, named `${prefix} 00001` on, their
 * categories taken from `categories` in turn.
 */
async function copies(template: string, n: number, prefix: string, categories: string[]) {
  await beacon.dataSource.query(
    `INSERT INTO service (organization_id, name, description, category, search_document, location_cells, location_latitudes, location_longitudes, location_confidential)
     SELECT t.organization_id, $2 || ' ' || lpad(i::text, 5, '0'), t.description, ($4::text[])[1 + (i - 1) % cardinality($4::text[])],
            t.search_document, t.location_cells, t.location_latitudes, t.location_longitudes, t.location_confidential
     FROM service t, generate_series(1, $3::int) AS i WHERE t.id = $1`,
    [template, prefix, n, categories],
  );
}

/** How many of `n` copies made with `categories` fall in each. */
const shares = (n: number, categories: string[]): Record<string, number> =>
  Object.fromEntries(categories.map((category, k) => [category, Math.floor(n / categories.length) + (k < n % categories.length ? 1 : 0)]));

describe('under the cap', () => {
  it('counts exactly, and says so', async () => {
    const agency = await anAgencyWithStaff();
    const template = await aService(beacon, agency.token, { name: 'Bramblewick Clinic', category: 'LEGAL' });
    const categories = ['HOUSING', 'EMPLOYMENT', 'TREATMENT'];
    await copies(template.id, 299, 'Bramblewick', categories);
    const result = await counted({ text: 'bramblewick', categories: ['HOUSING', 'LEGAL'] });
    const expected: Record<string, number> = { ...shares(299, categories), LEGAL: 1 };
    expect(result.countsAreEstimates).toBe(false);
    expect(result.totalCount).toBe(expected.HOUSING + 1);
    expect(Object.fromEntries(result.facets.categories.map((f) => [f.category, f.count]))).toEqual(expected);
  });

  it('text of stop words alone finds nothing, in one statement (its words) and a page of none', async () => {
    let result: Counts | undefined;
    const statements = await beacon.countStatements(async () => {
      result = await counted({ text: 'the and of' }, undefined, 5);
    });
    expect(result).toEqual({ totalCount: 0, countsAreEstimates: false, facets: { categories: [] }, edges: [] });
    expect(statements).toBe(1);
  });
});

/**
 * The geometry of test/directory/public-point.test.ts: a confidential shelter whose public point
 * (the centre of its 0.1° cell) is 6.8 km away; 17 km from NEAR_THE_SHELTER holds the shelter and
 * not the public point, 17 km from NEAR_THE_PUBLIC_POINT the other way round. 1,100 services of
 * the shelter's agency stand at both places, so every such search is over the cap.
 */
describe('past the cap, a confidential location counts by the point the viewer may know', () => {
  const SHELTER = { latitude: 40.801, longitude: -73.899 };
  const NEAR_THE_SHELTER = { latitude: 40.7, longitude: -74.0 };
  const NEAR_THE_PUBLIC_POINT = { latitude: 40.95, longitude: -73.75 };
  const BULK = 1100;
  let agency: { id: string; token: string };
  const tokens: Record<string, string | undefined> = {};

  beforeAll(async () => {
    agency = await anAgencyWithStaff('Safe Harbor Family Shelter');
    await aService(beacon, agency.token, { name: 'Safe Harbor shelter', category: 'HOUSING', locations: [aLocation({ confidential: true, ...SHELTER })] });
    const template = await aService(beacon, agency.token, { name: 'Harbor Outreach', category: 'HOUSING', locations: [aLocation(NEAR_THE_SHELTER), aLocation(NEAR_THE_PUBLIC_POINT)] });
    await copies(template.id, BULK - 1, 'Harbor Outreach', ['HOUSING']);
    tokens.anonymous = undefined;
    tokens['staff of another agency'] = (await anAgencyWithStaff()).token;
    tokens['its own agency'] = agency.token;
    tokens.coach = await (await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id)).token();
  }, 60_000);

  const counts = async (from: typeof SHELTER, token: string | undefined) => {
    const result = await counted({ near: from, radiusKm: 17, organizationId: agency.id }, token);
    return { totalCount: result.totalCount, countsAreEstimates: result.countsAreEstimates, facets: result.facets.categories };
  };
  const WITH_THE_SHELTER = { totalCount: BULK + 1, countsAreEstimates: true, facets: [{ category: 'HOUSING', count: BULK + 1 }] };
  const WITHOUT = { totalCount: BULK, countsAreEstimates: true, facets: [{ category: 'HOUSING', count: BULK }] };

  // The sample is the whole table here (fewer rows than the estimate reads), so one service moves the estimate by exactly one.
  it.each(['anonymous', 'staff of another agency'])('to %s, by the public point', async (who) => {
    expect(await counts(NEAR_THE_SHELTER, tokens[who])).toEqual(WITHOUT);
    expect(await counts(NEAR_THE_PUBLIC_POINT, tokens[who])).toEqual(WITH_THE_SHELTER);
  });

  it.each(['its own agency', 'coach'])('to %s, by the shelter itself', async (who) => {
    expect(await counts(NEAR_THE_SHELTER, tokens[who])).toEqual(WITH_THE_SHELTER);
    expect(await counts(NEAR_THE_PUBLIC_POINT, tokens[who])).toEqual(WITHOUT);
  });
});

/** 8,000 matches and the table analyzed, so the estimate reads a sample of about a quarter of it. */
describe('past the cap', () => {
  const BULK = 8000;
  const CATEGORIES = ['HOUSING', 'EMPLOYMENT', 'TREATMENT', 'LEGAL'];
  /** Of the truth; the sample's error here is a few per cent. */
  const TOLERANCE = 0.2;

  let organizationId: string;

  beforeAll(async () => {
    const agency = await anAgencyWithStaff();
    organizationId = agency.id;
    const template = await aService(beacon, agency.token, { name: 'Quillwort Commons', category: 'FINANCIAL' });
    await copies(template.id, BULK, 'Quillwort', CATEGORIES);
    await beacon.dataSource.query('ANALYZE service');
  }, 60_000);

  it('estimates totalCount and the facets, says so, and still pages exactly', async () => {
    const result = await counted({ text: 'quillwort', categories: ['HOUSING'], sort: 'NAME' }, undefined, 5);
    expect(result.countsAreEstimates).toBe(true);
    const truth: Record<string, number> = { ...shares(BULK, CATEGORIES), FINANCIAL: 1 };
    expect(result.totalCount).toBeGreaterThan(1000);
    expect(Math.abs(result.totalCount / truth.HOUSING - 1)).toBeLessThan(TOLERANCE);
    for (const category of CATEGORIES) {
      const facet = result.facets.categories.find((f) => f.category === category);
      expect(Math.abs(facet!.count / truth[category] - 1)).toBeLessThan(TOLERANCE);
    }
    // Copy i is HOUSING when i - 1 is a multiple of 4.
    expect(names(result)).toEqual(['Quillwort 00001', 'Quillwort 00005', 'Quillwort 00009', 'Quillwort 00013', 'Quillwort 00017']);
  });

  it('estimates the same way for a search without text or place, whose page walks the names', async () => {
    const result = await counted({ organizationId, categories: ['TREATMENT'] }, undefined, 3);
    expect(result.countsAreEstimates).toBe(true);
    expect(Math.abs(result.totalCount / shares(BULK, CATEGORIES).TREATMENT - 1)).toBeLessThan(TOLERANCE);
    // Copy i is TREATMENT when i - 3 is a multiple of 4.
    expect(names(result)).toEqual(['Quillwort 00003', 'Quillwort 00007', 'Quillwort 00011']);
  });

  it('answers countsAreEstimates asked alone', async () => {
    const data = await beacon.ok(`query($f: ServiceSearchInput!) { searchServices(filter: $f) { countsAreEstimates } }`, { f: { text: 'quillwort' } });
    expect(data.searchServices).toEqual({ countsAreEstimates: true });
  });

  it('costs 3 statements with text (its words, the page with the counts, the cards) and 2 without', async () => {
    const statements = (filter: Record<string, unknown>) => beacon.countStatements(() => search(beacon, filter, { first: 5 }));
    expect(await statements({ text: 'quillwort', categories: ['HOUSING'] })).toBe(3);
    expect(await statements({ categories: ['HOUSING'], sort: 'NAME' })).toBe(2);
  });
});
