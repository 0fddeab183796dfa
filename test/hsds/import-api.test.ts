import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aCoach, anAgency, anAgencyStaff, aPeerOrganization } from '../harness/builders';
import { hsds, hsdsOk } from './api-builders';
import { aSmallPackage, importPath, writePackage, type Rows } from './packages';
import { expectValid, hasReference } from './reference';

let beacon: Beacon;
let admin: string;
beforeAll(async () => {
  beacon = await startBeacon();
  admin = await beacon.adminToken();
});
afterAll(() => beacon.stop());

/** POSTs the package's CSV files to /hsds/import as multipart form data. */
async function postFiles(rows: Rows, token: string | undefined, query = '') {
  const dir = await writePackage(rows);
  const form = new FormData();
  for (const file of await readdir(dir)) form.append('files', new Blob([await readFile(join(dir, file))], { type: 'text/csv' }), file);
  return post(form, token, query);
}

async function post(body: FormData | string, token: string | undefined, query = '', contentType?: string) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (contentType) headers['content-type'] = contentType;
  const response = await fetch(`${beacon.url}/hsds/import${query}`, { method: 'POST', body, headers });
  return { status: response.status, body: (await response.json()) as any };
}

describe('POST /hsds/import', () => {
  it('an admin uploads a package: 200 with the report, the service served by /hsds and audited', async () => {
    const pkg = aSmallPackage();
    const { status, body } = await postFiles(pkg.rows, admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ imported: true, errors: [], tables: { service: { rows: 1, created: 1 } } });
    const served = await hsdsOk(beacon, `/services/${pkg.ids.service}`);
    expect(served).toMatchObject({ id: pkg.ids.service, name: pkg.rows['services.csv'][0].name, status: 'active' });
    if (hasReference) expectValid('compiled/service.json', served);
    const events = await beacon.dataSource.query(`SELECT action, entity_type, details FROM audit_event WHERE action = 'importHsds'`);
    expect(events).toContainEqual(expect.objectContaining({ entity_type: 'hsds_package', details: expect.objectContaining({ source: 'uploaded package' }) }));
  });

  it('a .zip of the package imports as the folder does', async () => {
    const pkg = aSmallPackage();
    const dir = await writePackage(pkg.rows);
    const zip = new ZipFile();
    for (const file of await readdir(dir)) zip.addFile(join(dir, file), `export-2026/${file}`);
    zip.end();
    const path = join(dir, 'package.zip');
    await pipeline(zip.outputStream, createWriteStream(path));
    const form = new FormData();
    form.append('package', new Blob([await readFile(path)], { type: 'application/zip' }), 'package.zip');
    const { status, body } = await post(form, admin);
    expect(status).toBe(200);
    expect(body).toMatchObject({ imported: true, source: 'package.zip', tables: { service: { created: 1 }, location: { created: 1 } } });
    // The command line reads the same zip.
    expect(await importPath(beacon, path)).toMatchObject({ imported: true, changeRecords: 0 });
  });

  it('a JSON body of compiled services imports, nested records included', async () => {
    const organization = { id: randomUUID(), name: 'JSON Recovery Org', description: 'Peer recovery services.' };
    const location = { id: randomUUID(), location_type: 'physical', latitude: 41.01, longitude: -73.9, addresses: [{ id: randomUUID(), address_1: '1 River Rd', city: 'Yonkers', state_province: 'NY', postal_code: '10701', country: 'US', address_type: 'physical' }] };
    const service = { id: randomUUID(), name: 'Peer recovery coaching', status: 'active', organization, service_at_locations: [{ id: randomUUID(), location }], phones: [{ id: randomUUID(), number: '914-555-0101' }] };
    const { status, body } = await post(JSON.stringify({ contents: [service] }), admin, '', 'application/json');
    expect(status).toBe(200);
    expect(body.tables).toMatchObject({ service: { created: 1 }, organization: { created: 1 }, location: { created: 1 }, address: { created: 1 }, phone: { created: 1 } });
    const served = await hsdsOk(beacon, `/services/${service.id}`);
    expect(served.service_at_locations[0].location.addresses[0]).toMatchObject({ address_1: '1 River Rd' });
    expect(served.phones[0]).toMatchObject({ number: '914-555-0101', service_id: service.id });
  });

  it('a package with problems answers 422 with every problem, and writes nothing', async () => {
    const pkg = aSmallPackage();
    pkg.rows['locations.csv'][0].latitude = 200;
    const { status, body } = await postFiles(pkg.rows, admin);
    expect(status).toBe(422);
    expect(body.imported).toBe(false);
    expect(body.errors[0]).toEqual({ file: 'locations.csv', row: 2, field: 'latitude', message: 'must be at most 180' });
    // The rows that point at the refused location say so.
    expect(body.errors.slice(1).map((e: any) => [e.file, e.field])).toEqual(
      expect.arrayContaining([['service_at_location.csv', 'location_id'], ['addresses.csv', 'location_id']]),
    );
    expect((await hsds(beacon, `/services/${pkg.ids.service}`)).status).toBe(404);
  });

  it('?skip_invalid=true and ?prune=true work as the flags do; an unknown parameter or bad value is named', async () => {
    const pkg = aSmallPackage();
    pkg.rows['services.csv'].push({ ...pkg.rows['services.csv'][0], id: randomUUID(), status: 'maybe' });
    const skipped = await postFiles(pkg.rows, admin, '?skip_invalid=true&prune=true');
    expect(skipped).toMatchObject({ status: 200, body: { imported: true, skipped: 1, tables: { service: { created: 1 } } } });
    const bad = await postFiles(pkg.rows, admin, '?skip_invalid=yes&dry_run=true');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: expect.arrayContaining([expect.objectContaining({ field: 'skip_invalid' }), expect.objectContaining({ field: 'dry_run' })]) });
  });

  it('is for admins only: anonymous is UNAUTHENTICATED, a coach or an agency is FORBIDDEN, and nothing is imported', async () => {
    const agency = await anAgency(beacon, admin);
    const staff = await (await anAgencyStaff(beacon, admin, agency.id)).token();
    const coach = await (await aCoach(beacon, admin, (await aPeerOrganization(beacon, admin)).id)).token();
    const pkg = aSmallPackage();
    const anonymous = await postFiles(pkg.rows, undefined);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    for (const token of [staff, coach]) {
      const refused = await postFiles(pkg.rows, token);
      expect(refused.status).toBe(403);
      expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    expect((await hsds(beacon, `/services/${pkg.ids.service}`)).status).toBe(404);
  });

  it('a body that is neither files nor JSON, or malformed JSON, is refused with a JSON error and no stack', async () => {
    const text = await post('id,name\n1,x', admin, '', 'text/csv');
    expect(text.status).toBe(400);
    expect(text.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [expect.objectContaining({ field: 'body' })] });
    const malformed = await post('{"contents": [', admin, '', 'application/json');
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.js:\d+/);
  });
});
