import { randomUUID } from 'node:crypto';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aService } from '../harness/builders';
import { badFields, codes } from '../harness/errors';
import { hsds, type HsdsResponse } from './api-builders';

let beacon: Beacon;
let serviceId: string;
let staffToken: string;

beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  staffToken = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  serviceId = (await aService(beacon, staffToken)).id;
});
afterAll(() => beacon.stop());

/** A JSON error as every Beacon REST route answers it, with no trace of the code that raised it. */
function expectJsonError(response: HsdsResponse, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.contentType).toMatch(/^application\/json/);
  expect(codes(response.body)).toEqual([code]);
  expect(response.body.errors[0].extensions.requestId).toEqual(expect.any(String));
  expect(response.text).not.toMatch(/\.(ts|js):\d+|\bat \w+ \(|stack/i);
}

const BAD: [path: string, query: string, fields: string[]][] = [
  ['/services', 'page=0', ['page']],
  ['/services', 'page=abc', ['page']],
  ['/services', 'page=1.5', ['page']],
  ['/services', 'per_page=0', ['per_page']],
  ['/services', 'per_page=10000', ['per_page']],
  ['/services', 'per_page=-1', ['per_page']],
  ['/services', 'organization_id=not-a-uuid', ['organization_id']],
  ['/services', 'taxonomy_term_id=42', ['taxonomy_term_id']],
  ['/services', 'modified_after=yesterday', ['modified_after']],
  ['/services', 'modified_after=2025-02-30T00:00:00Z', ['modified_after']],
  ['/services', 'modified_after=2025-01-01T09:00:00', ['modified_after']],
  ['/services', 'format=xml', ['format']],
  ['/services', 'full=yes', ['full']],
  ['/services', 'minimal=1', ['minimal']],
  ['/services', 'minimal=true&full=true', ['minimal']],
  ['/services', 'status=open', ['status']],
  ['/services', 'status=active,closed', ['status']],
  ['/services', 'page=1&page=2', ['page']],
  ['/services', `search=${'a'.repeat(501)}`, ['search']],
  ['/services', 'search=%00', ['search']],
  ['/services', 'bogus=1', ['bogus']],
  ['/services', 'postcode=10001', ['postcode']],
  ['/services', 'page=0&per_page=0&format=csv&unknown=1', ['format', 'page', 'per_page', 'unknown']],
  ['/service_at_locations', 'proximity=500', ['proximity']],
  ['/service_at_locations', 'postcode=10001&proximity=-5', ['proximity']],
  ['/service_at_locations', 'postcode=10001&proximity=far', ['proximity']],
  ['/service_at_locations', 'postcode=10001&proximity=1000001', ['proximity']],
  ['/organizations', 'full_service=maybe', ['full_service']],
  ['/organizations', 'organization_id=' + randomUUID(), ['organization_id']],
  ['/taxonomies', 'taxonomy_id=' + randomUUID(), ['taxonomy_id']],
  ['/taxonomy_terms', 'top_only=yes', ['top_only']],
  ['/taxonomy_terms', 'parent_id=parent', ['parent_id']],
  ['/', 'format=json', ['format']],
  [`/services/${randomUUID()}`, 'full=true', ['full']],
  ['/services/not-a-uuid', '', ['id']],
  ['/organizations/%00', '', ['id']],
];

describe.each(BAD)('GET /hsds%s?%s', (path, query, fields) => {
  it(`is 400 BAD_USER_INPUT naming ${fields.join(', ')}`, async () => {
    const response = await hsds(beacon, path, query);
    expectJsonError(response, 400, 'BAD_USER_INPUT');
    expect(badFields(response.body)).toEqual(fields);
    for (const field of response.body.errors[0].extensions.fields) expect(field.message).toEqual(expect.any(String));
  });
});

describe.each(['/services', '/service_at_locations', '/organizations', '/taxonomies', '/taxonomy_terms'])('GET /hsds%s/{id}', (path) => {
  it('of no record is 404 NOT_FOUND as JSON', async () => {
    expectJsonError(await hsds(beacon, `${path}/${randomUUID()}`), 404, 'NOT_FOUND');
  });
});

it('a path the API does not have is 404 NOT_FOUND as JSON', async () => {
  expectJsonError(await hsds(beacon, '/programs'), 404, 'NOT_FOUND');
  expectJsonError(await hsds(beacon, '/services/x/y'), 404, 'NOT_FOUND');
});

it('the API changes nothing: POST, PUT and DELETE are 405, and the service is still there', async () => {
  const post = await hsds(beacon, '/services', {}, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` }, body: '{"page": 1}' });
  expectJsonError(post, 405, 'METHOD_NOT_ALLOWED');
  expect((await fetch(`${beacon.url}/hsds/services`, { method: 'POST' })).headers.get('allow')).toBe('GET, HEAD');
  expectJsonError(await hsds(beacon, `/services/${serviceId}`, {}, { method: 'DELETE', headers: { authorization: `Bearer ${staffToken}` } }), 405, 'METHOD_NOT_ALLOWED');
  expectJsonError(await hsds(beacon, `/services/${serviceId}`, {}, { method: 'PUT' }), 405, 'METHOD_NOT_ALLOWED');
  expect((await hsds(beacon, `/services/${serviceId}`)).status).toBe(200);
});

it('a token is ignored: a bad one is no refusal, and a good one shows what anyone sees', async () => {
  const anonymous = await hsds(beacon, '/services', { status: 'active,inactive' });
  const withBadToken = await hsds(beacon, '/services', { status: 'active,inactive' }, { headers: { authorization: 'Bearer not-a-token' } });
  const withStaffToken = await hsds(beacon, '/services', { status: 'active,inactive' }, { headers: { authorization: `Bearer ${staffToken}` } });
  expect(anonymous.status).toBe(200);
  expect(withBadToken.body).toEqual(anonymous.body);
  expect(withStaffToken.body).toEqual(anonymous.body);
});

it('readers count against the anonymous limit of their address, token or not', async () => {
  const limited = await startBeacon({ RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3' });
  try {
    // Signing in is the address's first anonymous request.
    const token = await limited.adminToken();
    expect((await hsds(limited, '/taxonomies')).status).toBe(200);
    expect((await hsds(limited, '/taxonomies', {}, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const refused = await hsds(limited, '/taxonomies', {}, { headers: { authorization: `Bearer ${token}` } });
    expectJsonError(refused, 429, 'RATE_LIMITED');
  } finally {
    await limited.stop();
  }
});
