import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff } from '../people/builders';
import { SERVICE, aService } from './builders';

let beacon: Beacon;
let admin: string;

beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
});
afterAll(() => beacon.stop());

describe('creating a listing', () => {
  it('agency staff list a service for their own organization, ACTIVE and at version 1', async () => {
    const agency = await anAgency(beacon, admin);
    const staff = await anAgencyStaff(beacon, admin, agency.id);
    const service = await aService(beacon, await staff.token(), { taxonomyCodes: ['treatment.detox'], languages: ['en', 'es'], capacity: { available: 3, maximum: 10, unit: 'beds' } });
    expect(service).toMatchObject({ status: 'ACTIVE', version: 1, organizationId: agency.id, languages: ['en', 'es'] });
    expect(service.taxonomyTerms).toEqual([{ code: 'treatment.detox', name: 'Detox / withdrawal management' }]);
    expect(service.capacity).toMatchObject({ available: 3, maximum: 10, unit: 'beds', stale: false });
    expect(service.locations[0].schedules).toHaveLength(5);
    const read = await beacon.ok(SERVICE, { id: service.id });
    expect(read.service.name).toBe(service.name);
  });
});
