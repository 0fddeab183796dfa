import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aSupervisor, aLocation, aService } from '../harness/builders';
import { search } from './builders';

/**
 * A confidential shelter stands, for everyone who may not see it, at its public point: the centre
 * of its 0.1° cell (DESIGN.md, Access). Every distance such a viewer gets (the radius filter, the
 * distance sort, distanceKm, the cursors, the counts) is measured from there, so searching with a
 * shrinking radius from three places finds the public point, never the shelter.
 */
interface Point {
  latitude: number;
  longitude: number;
}

/** Near the south-west corner of its cell (40.8..40.9, -73.9..-73.8): 6.8 km from the cell's centre. */
const SHELTER: Point = { latitude: 40.801, longitude: -73.899 };
const PUBLIC_POINT: Point = { latitude: 40.85, longitude: -73.85 };

/** The server's sphere (great_circle_m). */
const EARTH_RADIUS_M = 6378168;
const radians = (degrees: number) => (degrees * Math.PI) / 180;
function meters(a: Point, b: Point): number {
  const h = Math.sin(radians(b.latitude - a.latitude) / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(radians(b.longitude - a.longitude) / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}
/** The point `km` from `from` on the given bearing (degrees from north). */
function travel(from: Point, km: number, bearing: number): Point {
  const angle = (km * 1000) / EARTH_RADIUS_M;
  const [lat, lng, b] = [radians(from.latitude), radians(from.longitude), radians(bearing)];
  const lat2 = Math.asin(Math.sin(lat) * Math.cos(angle) + Math.cos(lat) * Math.sin(angle) * Math.cos(b));
  const lng2 = lng + Math.atan2(Math.sin(b) * Math.sin(angle) * Math.cos(lat), Math.cos(angle) - Math.sin(lat) * Math.sin(lat2));
  return { latitude: (lat2 * 180) / Math.PI, longitude: (lng2 * 180) / Math.PI };
}

let beacon: Beacon;
let shelterOrganization: string;
let shelterService: string;
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const shelter = await anAgency(beacon, admin, 'Safe Harbor Family Shelter');
  shelterOrganization = shelter.id;
  const staff = await (await anAgencyStaff(beacon, admin, shelter.id)).token();
  shelterService = (await aService(beacon, staff, { name: 'Safe Harbor shelter', category: 'HOUSING', locations: [aLocation({ confidential: true, ...SHELTER })] })).id;
  const peers = await aPeerOrganization(beacon, admin);
  tokens.anonymous = undefined;
  tokens['staff of another agency'] = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
  tokens.funder = await (await aFunder(beacon, admin, (await aFunderOrganization(beacon, admin)).id)).token();
  tokens['its own agency'] = staff;
  tokens.coach = await (await aCoach(beacon, admin, peers.id)).token();
  tokens.supervisor = await (await aSupervisor(beacon, admin, peers.id)).token();
  tokens.admin = admin;
});
afterAll(() => beacon.stop());

const HIDDEN = ['anonymous', 'staff of another agency', 'funder'];
const SHOWN = ['its own agency', 'coach', 'supervisor', 'admin'];

/** The smallest radius (km) at which a search from `from` finds the shelter, to 0.05 m: a bisection of 20 searches. */
async function bisectRadius(from: Point, token: string | undefined): Promise<number> {
  let [inside, outside] = [50, 0];
  for (let step = 0; step < 20; step++) {
    const radiusKm = (inside + outside) / 2;
    const found = await search(beacon, { near: from, radiusKm, organizationId: shelterOrganization }, { token, first: 1 });
    if (found.edges.some((e) => e.node.id === shelterService)) inside = radiusKm;
    else outside = radiusKm;
  }
  return inside;
}

/** The point whose distances to the observers best match the measured ones (Gauss-Newton on the sphere, from the observers' centroid). */
function trilaterate(observations: { from: Point; km: number }[]): Point {
  const n = observations.length;
  let p = {
    latitude: observations.reduce((sum, o) => sum + o.from.latitude, 0) / n,
    longitude: observations.reduce((sum, o) => sum + o.from.longitude, 0) / n,
  };
  const h = 1e-6;
  for (let iteration = 0; iteration < 20; iteration++) {
    let [aa, ab, bb, ar, br] = [0, 0, 0, 0, 0];
    for (const o of observations) {
      const residual = meters(p, o.from) / 1000 - o.km;
      const dLat = (meters({ ...p, latitude: p.latitude + h }, o.from) - meters(p, o.from)) / 1000 / h;
      const dLng = (meters({ ...p, longitude: p.longitude + h }, o.from) - meters(p, o.from)) / 1000 / h;
      [aa, ab, bb, ar, br] = [aa + dLat * dLat, ab + dLat * dLng, bb + dLng * dLng, ar + dLat * residual, br + dLng * residual];
    }
    const det = aa * bb - ab * ab;
    p = { latitude: p.latitude - (bb * ar - ab * br) / det, longitude: p.longitude - (aa * br - ab * ar) / det };
  }
  return p;
}

/** The attack: bisect the radius from three places about 25 km away, then trilaterate. */
async function locateByRadius(token: string | undefined): Promise<Point> {
  const observers = [0, 120, 240].map((bearing) => travel(SHELTER, 25, bearing));
  const observations = [];
  for (const from of observers) observations.push({ from, km: await bisectRadius(from, token) });
  return trilaterate(observations);
}

describe.each(HIDDEN)('to %s', (who) => {
  it('bisecting the radius from three places finds the public point, kilometres from the shelter', async () => {
    const found = await locateByRadius(tokens[who]);
    expect(meters(found, SHELTER)).toBeGreaterThan(3000);
    expect(meters(found, PUBLIC_POINT)).toBeLessThan(5);
  });
});

it('to a coach, the same bisection finds the shelter itself: the rule depends on the viewer, the search works', async () => {
  const found = await locateByRadius(tokens.coach);
  expect(meters(found, SHELTER)).toBeLessThan(5);
});

/**
 * From the south-west the shelter is nearer than its public point (14.1 km, 20.9 km); a public
 * service half-way between them (17.5 km) sorts after the shelter for a coach, before it for the rest.
 */
describe('from the south-west', () => {
  const FROM: Point = { latitude: 40.7, longitude: -74.0 };
  const MIDWAY: Point = { latitude: (SHELTER.latitude + PUBLIC_POINT.latitude) / 2, longitude: (SHELTER.longitude + PUBLIC_POINT.longitude) / 2 };
  let midwayOrganization: string;
  let midwayService: string;
  beforeAll(async () => {
    const admin = await beacon.adminToken();
    midwayOrganization = (await anAgency(beacon, admin)).id;
    const staff = await (await anAgencyStaff(beacon, admin, midwayOrganization)).token();
    midwayService = (await aService(beacon, staff, { name: 'Midway Clinic', locations: [aLocation({ ...MIDWAY })] })).id;
  });
  const byDistance = (token: string | undefined, extra: Record<string, unknown> = {}) =>
    search(beacon, { near: FROM, radiusKm: 30, sort: 'DISTANCE', text: 'Harbor County', ...extra }, { token });

  it('sets the scene: the shelter nearer than the midway service, the public point farther', () => {
    expect(meters(FROM, SHELTER)).toBeLessThan(meters(FROM, MIDWAY) - 2000);
    expect(meters(FROM, PUBLIC_POINT)).toBeGreaterThan(meters(FROM, MIDWAY) + 2000);
  });

  it.each(HIDDEN)('to %s, the distance sort places the shelter by its public point, after the midway service', async (who) => {
    const ids = (await byDistance(tokens[who])).edges.map((e) => e.node.id);
    expect(ids.indexOf(midwayService)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(shelterService)).toBeGreaterThan(ids.indexOf(midwayService));
  });

  it.each(SHOWN)('to %s, the distance sort places the shelter where it is, before the midway service', async (who) => {
    const ids = (await byDistance(tokens[who])).edges.map((e) => e.node.id);
    expect(ids.indexOf(shelterService)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(shelterService)).toBeLessThan(ids.indexOf(midwayService));
  });

  it.each(HIDDEN)('to %s, distanceKm is whole kilometres from the public point, and no cursor carries a finer distance', async (who) => {
    const publicMeters = Math.round(meters(FROM, PUBLIC_POINT) / 1000) * 1000;
    expect(publicMeters).not.toBe(Math.round(meters(FROM, SHELTER) / 1000) * 1000);
    for (const sort of ['DISTANCE', 'RELEVANCE']) {
      const edge = (await byDistance(tokens[who], { sort })).edges.find((e) => e.node.id === shelterService)!;
      expect(edge.distanceKm).toBe(publicMeters / 1000);
      expect(edge.node.locations[0]).toMatchObject({ latitude: null, longitude: null, address: null });
      // A cursor is base64url JSON of [sort, a, b, c, id]; its distance part is the whole-kilometre public distance.
      const [cursorSort, a, b] = JSON.parse(Buffer.from(edge.cursor, 'base64url').toString('utf8'));
      expect(cursorSort).toBe(sort);
      expect(sort === 'DISTANCE' ? a : b).toBe(publicMeters);
    }
  });

  it.each(HIDDEN)('to %s, a cursor made up with a distance between the real and the public one still has the shelter after it', async (who) => {
    const between = Math.round(meters(FROM, SHELTER)) + 1;
    const after = Buffer.from(JSON.stringify(['DISTANCE', between, 0, '', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
    const page = await search(beacon, { near: FROM, radiusKm: 30, sort: 'DISTANCE', organizationId: shelterOrganization }, { token: tokens[who], after });
    expect(page.edges.map((e) => e.node.id)).toEqual([shelterService]);
  });

  it('to a coach, the same made-up cursor is past the shelter', async () => {
    const between = Math.round(meters(FROM, SHELTER)) + 1;
    const after = Buffer.from(JSON.stringify(['DISTANCE', between, 0, '', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
    const page = await search(beacon, { near: FROM, radiusKm: 30, sort: 'DISTANCE', organizationId: shelterOrganization }, { token: tokens.coach, after });
    expect(page.edges).toEqual([]);
  });

  it.each(SHOWN)('to %s, the shelter shows its address, its coordinates and its distance to 10 m', async (who) => {
    const edge = (await byDistance(tokens[who])).edges.find((e) => e.node.id === shelterService)!;
    expect(edge.distanceKm).toBeCloseTo(meters(FROM, SHELTER) / 1000, 2);
    expect(edge.node.locations[0]).toMatchObject({ ...SHELTER, address: { address1: '100 Harbor St' } });
  });
});

/** totalCount and the category facets count the shelter by the point the viewer may know. */
describe('counts within a radius', () => {
  /** 17 km from here holds the shelter (14.1 km) but not its public point (20.9 km). */
  const NEAR_THE_SHELTER: Point = { latitude: 40.7, longitude: -74.0 };
  /** 17 km from here holds the public point (14.0 km) but not the shelter (20.8 km). */
  const NEAR_THE_PUBLIC_POINT: Point = { latitude: 40.95, longitude: -73.75 };
  const counts = async (from: Point, token: string | undefined) => {
    const result = await search(beacon, { near: from, radiusKm: 17, organizationId: shelterOrganization }, { token, first: 0 });
    return { totalCount: result.totalCount, facets: result.facets.categories };
  };
  const ONE = { totalCount: 1, facets: [{ category: 'HOUSING', count: 1 }] };
  const NONE = { totalCount: 0, facets: [] };

  it('sets the scene', () => {
    expect(meters(NEAR_THE_SHELTER, SHELTER)).toBeLessThan(16000);
    expect(meters(NEAR_THE_SHELTER, PUBLIC_POINT)).toBeGreaterThan(18000);
    expect(meters(NEAR_THE_PUBLIC_POINT, PUBLIC_POINT)).toBeLessThan(16000);
    expect(meters(NEAR_THE_PUBLIC_POINT, SHELTER)).toBeGreaterThan(18000);
  });

  it.each(HIDDEN)('to %s, by the public point', async (who) => {
    expect(await counts(NEAR_THE_SHELTER, tokens[who])).toEqual(NONE);
    expect(await counts(NEAR_THE_PUBLIC_POINT, tokens[who])).toEqual(ONE);
  });

  it.each(SHOWN)('to %s, by the shelter itself', async (who) => {
    expect(await counts(NEAR_THE_SHELTER, tokens[who])).toEqual(ONE);
    expect(await counts(NEAR_THE_PUBLIC_POINT, tokens[who])).toEqual(NONE);
  });
});

/**
 * 20.099999999999998 lies in the cell 20.0..20.1, but 20.099999999999998 + 90 rounds to 110.1, so
 * the search index (floor((latitude + 90) * 10)) holds it in the cell 20.1..20.2. Its public point
 * is the centre of that cell: a public point outside the indexed cell would be rejected by the
 * grid prefilter wherever it is searched for, and the miss would tell that the shelter is on an edge.
 */
it('a shelter on the edge of a cell stands at the centre of the cell the search index holds it in', async () => {
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  const edge = await aService(beacon, staff, { locations: [aLocation({ confidential: true, latitude: 20.099999999999998, longitude: 10.05 })] });
  const around = (latitude: number, token?: string) => search(beacon, { near: { latitude, longitude: 10.05 }, radiusKm: 1, organizationId: agency.id }, { token });
  const found = await around(20.15);
  expect(found.edges.map((e) => [e.node.id, e.distanceKm])).toEqual([[edge.id, 0]]);
  expect((await around(20.05)).edges).toEqual([]);
  expect((await around(20.1, tokens.coach)).edges.map((e) => e.node.id)).toEqual([edge.id]);
});
