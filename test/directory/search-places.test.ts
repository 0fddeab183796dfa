import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { UPDATE_SERVICE, names, search } from './builders';

/**
 * A search near a place reads where each service's locations are from the service row (its grid
 * cells and coordinates, migration DirectorySearchPlaces): kept current on every listing write, and
 * right where the grid wraps (the antimeridian), narrows (a pole) or coarsens (a wide radius).
 */
let beacon: Beacon;
let admin: string;
beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
});
afterAll(() => beacon.stop());

async function freshAgency() {
  const agency = await anAgency(beacon, admin);
  const token = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  return { id: agency.id, token };
}

const HQ = { latitude: 40.75, longitude: -73.99 };
const north = (km: number) => ({ latitude: HQ.latitude + km / 111.2, longitude: HQ.longitude });

it('finds a listing at its new place once its locations are replaced, and no longer at the old one, with or without text', async () => {
  const a = await freshAgency();
  const service = await aService(beacon, a.token, { name: 'Moving Clinic', locations: [aLocation(HQ)] });
  const near = (place: typeof HQ, text?: string) => search(beacon, { near: place, radiusKm: 10, organizationId: a.id, text }, { token: a.token });
  expect(names(await near(HQ, 'recovery'))).toEqual(['Moving Clinic']);

  await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, locations: [aLocation(north(60)), aLocation({ ...north(300), confidential: true })] } }, a.token);
  expect(names(await near(HQ))).toEqual([]);
  expect(names(await near(HQ, 'recovery'))).toEqual([]);
  const moved = await near(north(61), 'recovery');
  expect(names(moved)).toEqual(['Moving Clinic']);
  expect(moved.edges[0].distanceKm).toBeCloseTo(1, 1);
  // The confidential site is measured too: to others from its public point (43.45, -73.95), in whole kilometres.
  const hidden = await search(beacon, { near: north(302.6), radiusKm: 10, organizationId: a.id });
  expect(hidden.edges.map((e) => e.distanceKm)).toEqual([4]);

  await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 2, locations: [] } }, a.token);
  expect(names(await near(north(60)))).toEqual([]);
});

it('measures across the antimeridian and near a pole, and keeps the radius exact on the coarse grid of a wide search', async () => {
  const a = await freshAgency();
  await aService(beacon, a.token, { name: 'Island Outreach', locations: [aLocation({ latitude: -16.88, longitude: 179.95 })] });
  await aService(beacon, a.token, { name: 'Polar Station', locations: [aLocation({ latitude: 89.95, longitude: 10 })] });
  await aService(beacon, a.token, { name: 'Upstate Lodge', locations: [aLocation(north(900))] });
  const within = (place: { latitude: number; longitude: number }, radiusKm: number) =>
    search(beacon, { near: place, radiusKm, organizationId: a.id, sort: 'DISTANCE' }, { token: a.token });

  const island = await within({ latitude: -17, longitude: -179.95 }, 20);
  expect(names(island)).toEqual(['Island Outreach']);
  expect(island.edges[0].distanceKm).toBeCloseTo(17.1, 0);
  const pole = await within({ latitude: 89.95, longitude: -170 }, 25);
  expect(names(pole)).toEqual(['Polar Station']);
  expect(pole.edges[0].distanceKm).toBeCloseTo(11.1, 0);
  expect(names(await within(HQ, 1000))).toEqual(['Upstate Lodge']);
  expect(names(await within(HQ, 890))).toEqual([]);
});
