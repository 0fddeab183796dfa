import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aFunder, aFunderOrganization, anAgency, anAgencyStaff, aPeerOrganization, aSupervisor, aLocation, aService } from '../harness/builders';
import { search } from './builders';

let beacon: Beacon;
let shelterId: string;
let serviceId: string;
const tokens: Record<string, string | undefined> = {};

const WHERE = `id confidential latitude longitude address { address1 city }`;
const SERVICE = `query($id: ID!) { service(id: $id) { locations { ${WHERE} } } }`;
const LISTINGS = `query($org: ID!) { organization(id: $org) { services { edges { node { id locations { ${WHERE} } } } } } }`;
const SEARCH = `query($f: ServiceSearchInput!) { searchServices(filter: $f) { edges { cursor distanceKm node { id locations { ${WHERE} } } } } }`;

/** The shelter is 7.4 km north of where the search starts; its public point (40.85, -73.95) 11.6 km north-north-east. */
const ORIGIN = { latitude: 40.75, longitude: -73.99 };
const SHELTER = { latitude: 40.75 + 7.4 / 111.2, longitude: -73.99 };

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const shelter = await anAgency(beacon, admin, 'Safe Harbor Family Shelter');
  shelterId = shelter.id;
  const staff = await (await anAgencyStaff(beacon, admin, shelter.id)).token();
  serviceId = (
    await aService(beacon, staff, {
      name: 'Safe Harbor confidential shelter',
      category: 'HOUSING',
      locations: [aLocation({ confidential: true, ...SHELTER }), aLocation({ name: 'Intake office', latitude: 40.9, longitude: -73.99 })],
    })
  ).id;
  const peers = await aPeerOrganization(beacon, admin);
  tokens.anonymous = undefined;
  tokens.funder = await (await aFunder(beacon, admin, (await aFunderOrganization(beacon, admin)).id)).token();
  tokens['another agency'] = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin)).id)).token();
  tokens['its own agency'] = staff;
  tokens.coach = await (await aCoach(beacon, admin, peers.id)).token();
  tokens.supervisor = await (await aSupervisor(beacon, admin, peers.id)).token();
  tokens.admin = admin;
});
afterAll(() => beacon.stop());

const HIDDEN = ['anonymous', 'funder', 'another agency'];
const SHOWN = ['its own agency', 'coach', 'supervisor', 'admin'];

async function everyPlaceItAppears(who: string) {
  const token = tokens[who];
  const one = (await beacon.ok(SERVICE, { id: serviceId }, token)).service.locations;
  const listed = (await beacon.ok(LISTINGS, { org: shelterId }, token)).organization.services.edges[0].node.locations;
  const found = (await beacon.ok(SEARCH, { f: { near: ORIGIN, radiusKm: 15, organizationId: shelterId, sort: 'DISTANCE' } }, token)).searchServices.edges[0];
  // The cursor carries the sort key: for a distance sort, the distance itself.
  const [, cursorMeters] = JSON.parse(Buffer.from(found.cursor, 'base64url').toString('utf8'));
  return { lists: [one, listed, found.node.locations], distanceKm: found.distanceKm as number, cursorMeters: cursorMeters as number };
}

describe.each(HIDDEN)('to %s', (who) => {
  it('a confidential location shows no address and no coordinates anywhere, and the distance in whole kilometres from its public point, even inside the cursor', async () => {
    const { lists, distanceKm, cursorMeters } = await everyPlaceItAppears(who);
    for (const locations of lists) {
      expect(locations[0]).toMatchObject({ confidential: true, latitude: null, longitude: null, address: null });
      expect(locations[1]).toMatchObject({ confidential: false, latitude: 40.9, address: { city: 'Harborview' } });
    }
    expect(distanceKm).toBe(12);
    expect(cursorMeters).toBe(12000);
  });
});

describe.each(SHOWN)('to %s', (who) => {
  it('a confidential location shows its address and coordinates, and the distance to 10 m', async () => {
    const { lists, distanceKm } = await everyPlaceItAppears(who);
    for (const locations of lists) {
      expect(locations[0]).toMatchObject({ confidential: true, latitude: SHELTER.latitude, longitude: SHELTER.longitude, address: { address1: '100 Harbor St' } });
    }
    expect(distanceKm).toBeCloseTo(7.4, 1);
    expect(distanceKm).not.toBe(7);
  });
});

it('a search finds a confidential location by its public point for everyone who may not see it', async () => {
  expect((await search(beacon, { near: ORIGIN, radiusKm: 8, organizationId: shelterId })).edges).toEqual([]);
  const result = await search(beacon, { near: ORIGIN, radiusKm: 12, organizationId: shelterId });
  expect(result.edges.map((e) => e.node.id)).toEqual([serviceId]);
  expect(result.edges[0].distanceKm).toBe(12);
});
