import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';
import { hsds } from './api-builders';
import { aSmallPackage, importRows } from './packages';

let beacon: Beacon;
beforeAll(async () => (beacon = await startBeacon()));
afterAll(() => beacon.stop());

const WHERE = `query($id: ID!) { service(id: $id) { locations { id confidential latitude longitude address { address1 } } } }`;

describe('an import and a confidential shelter', () => {
  it("a 211 package that lists the shelter's address and coordinates cannot make them public again", async () => {
    const admin = await beacon.adminToken();
    const agency = await anAgency(beacon, admin, 'Safe Passage');
    const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
    const shelter = await aService(beacon, staff, { name: 'Safe Passage shelter', category: 'HOUSING', locations: [aLocation({ confidential: true, latitude: 40.7321, longitude: -73.9912 })] });
    const location = (await beacon.ok(WHERE, { id: shelter.id }, staff)).service.locations[0];
    expect(location.confidential).toBe(true);

    // The 211 still publishes the shelter with its street and exact point, under the same ids.
    const pkg = aSmallPackage('Safe Passage shelter');
    const rows = pkg.rows;
    rows['organizations.csv'][0].id = agency.id;
    rows['services.csv'][0] = { ...rows['services.csv'][0], id: shelter.id, organization_id: agency.id };
    rows['programs.csv'][0].organization_id = agency.id;
    rows['locations.csv'][0] = { ...rows['locations.csv'][0], id: location.id, organization_id: agency.id, latitude: 40.7321, longitude: -73.9912, transportation: 'Behind the library on 7th' };
    delete rows['service_at_location.csv']; // The link is Beacon's already.
    rows['addresses.csv'][0] = { ...rows['addresses.csv'][0], location_id: location.id, address_1: '77 Hidden Lane', address_type: 'postal' };
    rows['phones.csv'][0] = { ...rows['phones.csv'][0], location_id: location.id, service_id: shelter.id };
    rows['schedules.csv'][0].location_id = location.id;
    rows['languages.csv'][0].service_id = shelter.id;
    rows['attributes.csv'][0].link_id = shelter.id;
    const report = await importRows(beacon, rows);
    expect(report).toMatchObject({ imported: true, errors: [] });

    // Still confidential in Beacon, and still withheld from the public, in GraphQL and in /hsds.
    expect((await beacon.ok(WHERE, { id: shelter.id })).service.locations[0]).toMatchObject({ confidential: true, latitude: null, longitude: null, address: null });
    const served = await hsds(beacon, `/services/${shelter.id}`);
    expect(served.status).toBe(200);
    for (const secret of ['77 Hidden Lane', '40.7321', '-73.9912', 'Behind the library']) expect(served.text).not.toContain(secret);
    const listed = await hsds(beacon, '/service_at_locations', { organization_id: agency.id, full: true });
    for (const secret of ['77 Hidden Lane', '40.7321', 'Behind the library']) expect(listed.text).not.toContain(secret);
    // Nor can a change record of the import tell where it moved.
    const full = await hsds(beacon, `/organizations/${agency.id}`, { full_service: true });
    expect(full.text).not.toContain('77 Hidden Lane');
    expect(full.text).not.toContain('40.7321');
  });
});
