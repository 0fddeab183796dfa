import { randomUUID } from 'node:crypto';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { UPDATE_SERVICE } from './builders';

/**
 * The places on each service row (migrations DirectorySearchPlaces and DirectoryBulkRefresh) are
 * right after a bulk insert of many links in one statement as after each listing write, and only
 * the services whose places change are written.
 */
let beacon: Beacon;
let agency: { id: string; token: string };
beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const { id } = await anAgency(beacon, admin);
  agency = { id, token: await (await anAgencyStaff(beacon, admin, id)).token() };
});
afterAll(() => beacon.stop());

/** The grid cell of a point, as earth_cell numbers it. */
function cell(latitude: number, longitude: number, perDegree: number): number {
  const lat = Math.floor((latitude + 90) * perDegree);
  const lng = Math.floor((longitude + 180) * perDegree);
  const around = 360 * perDegree;
  return perDegree * 100_000_000 + lat * around + (((lng % around) + around) % around);
}

/** What a service's place columns must hold, worked out here from its located locations. */
async function expectedPlaces(serviceIds: string[]) {
  const rows: { service_id: string; id: string; latitude: number; longitude: number; confidential: boolean }[] = await beacon.dataSource.query(
    `SELECT sal.service_id, l.id, l.latitude, l.longitude, l.confidential
       FROM service_at_location sal JOIN location l ON l.id = sal.location_id
      WHERE sal.service_id = ANY ($1) AND l.latitude IS NOT NULL ORDER BY l.id`,
    [serviceIds],
  );
  const distinctSorted = (cells: number[]) => [...new Set(cells)].sort((a, b) => a - b);
  return serviceIds.map((id) => {
    const mine = rows.filter((r) => r.service_id === id);
    return {
      id,
      location_cells: [...distinctSorted(mine.map((r) => cell(r.latitude, r.longitude, 10))), ...distinctSorted(mine.map((r) => cell(r.latitude, r.longitude, 1)))],
      location_latitudes: mine.map((r) => r.latitude),
      location_longitudes: mine.map((r) => r.longitude),
      location_confidential: mine.map((r) => r.confidential),
    };
  });
}

async function places(serviceIds: string[]) {
  const rows = await beacon.dataSource.query(
    `SELECT id, location_cells, location_latitudes, location_longitudes, location_confidential FROM service WHERE id = ANY ($1)`,
    [serviceIds],
  );
  return serviceIds.map((id) => rows.find((r: { id: string }) => r.id === id));
}

/** Each service's row version (xmin changes whenever the row is written). */
async function versions(serviceIds: string[]): Promise<Map<string, string>> {
  const rows = await beacon.dataSource.query(`SELECT id, xmin::text AS version FROM service WHERE id = ANY ($1)`, [serviceIds]);
  return new Map(rows.map((r: { id: string; version: string }) => [r.id, r.version]));
}

const written = (before: Map<string, string>, after: Map<string, string>) => [...before.keys()].filter((id) => before.get(id) !== after.get(id));

it('a bulk insert of many links in one statement gives every service its places, and a later write rewrites only the services it moves', async () => {
  const services = Array.from({ length: 400 }, () => randomUUID());
  // 600 locations: one per service, the rest second sites; every 37th confidential, a few without coordinates.
  const locations = Array.from({ length: 600 }, (_, n) => ({
    id: randomUUID(),
    service: services[n < services.length ? n : (n * 7) % services.length],
    latitude: n % 101 === 5 ? null : 40 + ((n * 0.6180339887) % 1) * 2,
    longitude: n % 101 === 5 ? null : -75 + ((n * 0.4142135623) % 1) * 3,
    confidential: n % 37 === 0,
  }));
  await beacon.dataSource.query(
    `INSERT INTO service (id, organization_id, name, category) SELECT id, $2, 'Bulk service ' || n, 'HOUSING' FROM unnest($1::uuid[]) WITH ORDINALITY AS s (id, n)`,
    [services, agency.id],
  );
  await beacon.dataSource.query(
    `INSERT INTO location (id, organization_id, latitude, longitude, confidential, time_zone)
     SELECT id, $2, latitude, longitude, confidential, 'America/New_York' FROM jsonb_to_recordset($1) AS l (id uuid, latitude float8, longitude float8, confidential boolean)`,
    [JSON.stringify(locations), agency.id],
  );
  await beacon.dataSource.query(
    `INSERT INTO service_at_location (service_id, location_id) SELECT service, id FROM jsonb_to_recordset($1) AS l (id uuid, service uuid)`,
    [JSON.stringify(locations)],
  );
  expect(await places(services)).toEqual(await expectedPlaces(services));
  expect((await places(services)).filter((p) => p.location_latitudes.length >= 2).length).toBeGreaterThan(100);

  // A location renamed moves nothing: no service row is written.
  const before = await versions(services);
  await beacon.dataSource.query(`UPDATE location SET name = 'Renamed' WHERE id = ANY ($1)`, [locations.map((l) => l.id)]);
  expect(written(before, await versions(services))).toEqual([]);
  // One location moved: only its service is written.
  await beacon.dataSource.query(`UPDATE location SET latitude = 41.5 WHERE id = $1`, [locations[10].id]);
  expect(written(before, await versions(services))).toEqual([services[10]]);
  expect(await places(services)).toEqual(await expectedPlaces(services));
});

it('a link moved to another service, and links deleted, leave both services right', async () => {
  const [from, to] = [await aService(beacon, agency.token, { locations: [aLocation(), aLocation({ latitude: 42.1, longitude: -74.2, confidential: true })] }), await aService(beacon, agency.token)];
  const ids = [from.id, to.id];
  await beacon.dataSource.query(
    `UPDATE service_at_location SET service_id = $2 WHERE service_id = $1 AND location_id = (SELECT l.id FROM location l JOIN service_at_location sal ON sal.location_id = l.id WHERE sal.service_id = $1 AND l.confidential)`,
    ids,
  );
  const moved = await places(ids);
  expect(moved.map((p) => p.location_latitudes.length)).toEqual([1, 2]);
  expect(moved).toEqual(await expectedPlaces(ids));

  await beacon.dataSource.query(`DELETE FROM service_at_location WHERE service_id = $1`, [to.id]);
  expect((await places([to.id]))[0]).toMatchObject({ location_cells: [], location_latitudes: [], location_longitudes: [], location_confidential: [] });
});

it('listing writes through the API keep the places: a new listing, its locations replaced, then removed', async () => {
  const service = await aService(beacon, agency.token, { locations: [aLocation({ latitude: 40.7, longitude: -73.9 }), aLocation({ latitude: 40.71, longitude: -73.91, confidential: true })] });
  const ids = [service.id];
  expect((await places(ids))[0].location_latitudes).toHaveLength(2);
  expect(await places(ids)).toEqual(await expectedPlaces(ids));

  await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 1, locations: [aLocation({ latitude: -33.9, longitude: 151.2 }), aLocation({ latitude: 64.1, longitude: -21.9 }), aLocation({ latitude: null, longitude: null })] } }, agency.token);
  const replaced = (await places(ids))[0];
  expect([...replaced.location_latitudes].sort()).toEqual([-33.9, 64.1]);
  expect(replaced.location_cells).toHaveLength(4);
  expect(await places(ids)).toEqual(await expectedPlaces(ids));

  await beacon.ok(UPDATE_SERVICE, { input: { id: service.id, expectedVersion: 2, locations: [] } }, agency.token);
  expect((await places(ids))[0]).toMatchObject({ location_cells: [], location_latitudes: [], location_longitudes: [], location_confidential: [] });
});
