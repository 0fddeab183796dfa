import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, aLocation, anAgency, anAgencyStaff, aPeerOrganization, aService } from '../harness/builders';
import { expectValidPage, hsds, hsdsLines, hsdsOk, type Query } from './api-builders';
import { describeWithReference, expectValid } from './reference';

/**
 * A shelter for people fleeing violence, at a confidential location. Its public point is the
 * centre of its 0.1° cell, (40.75, -73.95), some 5 km from where it is.
 */
const SHELTER = { latitude: 40.7123, longitude: -73.9871 };
const CELL_CENTRE = { latitude: 40.75, longitude: -73.95 };
const address = (address1: string, postalCode: string) => ({ address1, city: 'Harborview', stateProvince: 'NY', postalCode, country: 'US' });
/**
 * What of the shelter must appear nowhere: its street, its postal code (quoted: bare, a random
 * uuid may hold those hex digits), its coordinates.
 */
const SECRETS = ['7 Hidden Lane', '"10999"', '40.7123', '73.9871'];

let beacon: Beacon;
let agencyId: string;
let serviceId: string;
let shelterSalId: string;
let landmarkSalId: string;
let cellCentreSalId: string;
let coachToken: string;

describeWithReference('confidential locations in the HSDS API', () => {
  beforeAll(async () => {
    beacon = await startBeacon();
    const admin = await beacon.adminToken();
    agencyId = (await anAgency(beacon, admin, 'Safe Harbor')).id;
    const staff = await (await anAgencyStaff(beacon, admin, agencyId)).token();
    serviceId = (
      await aService(beacon, staff, {
        name: 'Safe Harbor family shelter',
        category: 'HOUSING',
        locations: [
          aLocation({ name: 'Safe Harbor house', confidential: true, ...SHELTER, address: address('7 Hidden Lane', '10999') }),
          aLocation({ name: 'Intake office', latitude: 40.9, longitude: -73.99, address: address('1 Intake Plaza', '10998') }),
        ],
      })
    ).id;
    // Two public places for the postcode centroids: one exactly where the shelter is, one at its cell's centre.
    const otherStaff = await (await anAgencyStaff(beacon, admin, (await anAgency(beacon, admin, 'Landmarks')).id)).token();
    await aService(beacon, otherStaff, { name: 'Landmark drop-in', locations: [aLocation({ ...SHELTER, address: address('1 Landmark Sq', '99001') })] });
    await aService(beacon, otherStaff, { name: 'Cell centre drop-in', locations: [aLocation({ ...CELL_CENTRE, address: address('2 Centre St', '99002') })] });
    coachToken = await (await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id)).token();

    const sals = (await hsdsOk(beacon, '/service_at_locations', { per_page: 100 })).contents;
    const of = (service: string, location: string) => sals.find((s: any) => s.service.name === service && s.location.name === location).id;
    shelterSalId = of('Safe Harbor family shelter', 'Safe Harbor house');
    landmarkSalId = of('Landmark drop-in', 'Main office');
    cellCentreSalId = of('Cell centre drop-in', 'Main office');
  });
  afterAll(() => beacon?.stop());

  /** The shelter's location as a record shows it: no coordinates, no address, nothing that places it. */
  function expectWithheld(location: any) {
    expect(location).toMatchObject({ name: 'Safe Harbor house', location_type: 'physical' });
    for (const field of ['latitude', 'longitude', 'transportation', 'external_identifier', 'external_identifier_type']) expect(location[field]).toBeUndefined();
    if ('addresses' in location) expect(location.addresses).toEqual([]);
  }

  function expectNoSecret(text: string) {
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  }

  const shelterIn = (sals: any[]) => sals.find((s: any) => s.location?.name === 'Safe Harbor house')?.location;

  it('/services/{id} and /services?full=true show the shelter with no address and no coordinates, and the intake office whole', async () => {
    const one = await hsds(beacon, `/services/${serviceId}`);
    expectValid('compiled/service.json', one.body);
    expectWithheld(shelterIn(one.body.service_at_locations));
    expect(one.body.service_at_locations.find((s: any) => s.location.name === 'Intake office').location).toMatchObject({ latitude: 40.9, addresses: [{ address_1: '1 Intake Plaza' }] });
    expectNoSecret(one.text);

    const listed = await hsds(beacon, '/services', { organization_id: agencyId, full: true });
    expectValidPage(listed.body, 'compiled/service.json');
    expectWithheld(shelterIn(listed.body.contents[0].service_at_locations));
    expectNoSecret(listed.text);
  });

  it('/service_at_locations, in the list form and in full, and /service_at_locations/{id} withhold them too', async () => {
    for (const query of [{ organization_id: agencyId }, { organization_id: agencyId, full: true }] as Query[]) {
      const page = await hsds(beacon, '/service_at_locations', query);
      expectValidPage(page.body, query.full ? 'compiled/service_at_location.json' : 'compiled/service_at_location_list.json');
      expectWithheld(shelterIn(page.body.contents));
      expectNoSecret(page.text);
    }
    const one = await hsds(beacon, `/service_at_locations/${shelterSalId}`);
    expectValid('compiled/service_at_location.json', one.body);
    expectWithheld(one.body.location);
    expectNoSecret(one.text);
  });

  it('/organizations/{id} (with its services in full) and /organizations?full=true withhold them too', async () => {
    for (const query of [{}, { full_service: true }] as Query[]) {
      const one = await hsds(beacon, `/organizations/${agencyId}`, query);
      expectValid('compiled/organization.json', one.body);
      expectWithheld(one.body.locations.find((l: any) => l.name === 'Safe Harbor house'));
      expectNoSecret(one.text);
    }
    const listed = await hsds(beacon, '/organizations', { full: true, full_service: true });
    expectValidPage(listed.body, 'compiled/organization.json');
    const agency = listed.body.contents.find((o: any) => o.id === agencyId);
    expectWithheld(agency.locations.find((l: any) => l.name === 'Safe Harbor house'));
    expectWithheld(shelterIn(agency.services[0].service_at_locations));
    // The landmark, elsewhere in the list, stands in public where the shelter is: only the agency's record is searched for the coordinates.
    expectNoSecret(JSON.stringify(agency));
    expect(listed.text).not.toContain('7 Hidden Lane');
  });

  it('ndjson streams withhold them too, every line valid', async () => {
    const streams: [string, Query, string][] = [
      ['/services', { full: true }, 'compiled/service.json'],
      ['/service_at_locations', { full: true }, 'compiled/service_at_location.json'],
      ['/service_at_locations', {}, 'compiled/service_at_location_list.json'],
      ['/organizations', { full_service: true }, 'compiled/organization.json'],
    ];
    for (const [path, query, schema] of streams) {
      const lines = await hsdsLines(beacon, path, query);
      for (const line of lines) expectValid(schema, line);
      expectNoSecret(JSON.stringify(lines.filter((line) => JSON.stringify(line).includes(agencyId))));
      expect(JSON.stringify(lines)).not.toContain('7 Hidden Lane');
    }
    const sals = await hsdsLines(beacon, '/service_at_locations', { full: true });
    expectWithheld(sals.find((s) => s.id === shelterSalId).location);
  });

  it('a signed-in coach, who may see the address in the coach app, reads the public record here', async () => {
    const response = await hsds(beacon, `/service_at_locations/${shelterSalId}`, {}, { headers: { authorization: `Bearer ${coachToken}` } });
    expectWithheld(response.body.location);
    expectNoSecret(response.text);
  });

  it('proximity measures the shelter from its public point: no circle around where it is finds it, one around its cell centre does', async () => {
    // 99001's centroid is the shelter's very point (the landmark stands there), 99002's its cell's centre.
    const atItsPoint = await hsdsOk(beacon, '/service_at_locations', { postcode: '99001', proximity: 500 });
    expectValidPage(atItsPoint, 'compiled/service_at_location_list.json');
    expect(atItsPoint.contents.map((s: any) => s.id)).toEqual([landmarkSalId]);
    for (const meters of [1, 100, 4000]) {
      expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '99001', proximity: meters })).contents.map((s: any) => s.id)).not.toContain(shelterSalId);
    }

    const atItsCell = await hsds(beacon, '/service_at_locations', { postcode: '99002', proximity: 500 });
    expectValidPage(atItsCell.body, 'compiled/service_at_location_list.json');
    expect(atItsCell.body.contents.map((s: any) => s.id).sort()).toEqual([cellCentreSalId, shelterSalId].sort());
    expectWithheld(shelterIn(atItsCell.body.contents));
    expectNoSecret(atItsCell.text);
  });

  it('the shelter\'s own postal code is no way in: its address is withheld, so Beacon knows no public place there', async () => {
    expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '10999' })).contents).toEqual([]);
    expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '10999', proximity: 1000000 })).contents).toEqual([]);
    expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '10998' })).contents.map((s: any) => s.location.name)).toEqual(['Intake office']);
  });
});
