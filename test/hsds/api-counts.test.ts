import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency } from '../harness/builders';
import { expectValidPage, hsdsLines, hsdsOk, ids, manyServices } from './api-builders';
import { COUNT_CAP } from '../../src/hsds/api/listing';
import { describeWithReference, expectValid } from './reference';

let beacon: Beacon;
let bulk: { id: string };
let bulkIds: string[];
let small: { id: string };
let smallIds: string[];

describeWithReference('HSDS lists of many records', () => {
  beforeAll(async () => {
    beacon = await startBeacon();
    const admin = await beacon.adminToken();
    bulk = await anAgency(beacon, admin, 'Statewide imports');
    small = await anAgency(beacon, admin, 'County imports');
    bulkIds = await manyServices(beacon, bulk.id, COUNT_CAP + 537);
    smallIds = await manyServices(beacon, small.id, 450);
    // As autovacuum would after a load this size: the estimate scales its sample to the table's rows as last counted.
    await beacon.dataSource.query('ANALYZE service');
  });
  afterAll(() => beacon?.stop());

  it('a page holds 50 records unless the reader asks for up to 500', async () => {
    const page = await hsdsOk(beacon, '/services', { organization_id: small.id });
    expectValidPage(page, 'compiled/service_list.json');
    expect(page).toMatchObject({ size: 50, total_items: 450, total_pages: 9, last_page: false });
    expect(ids(page.contents)).toEqual(smallIds.slice(0, 50));
    const big = await hsdsOk(beacon, '/services', { organization_id: small.id, per_page: 500 });
    expect(big).toMatchObject({ size: 450, total_pages: 1, last_page: true });
    expect(ids(big.contents)).toEqual(smallIds);
  });

  it('past 10,000 matches total_items is an estimate, above the cap and near the truth, and last_page stays exact', async () => {
    const first = await hsdsOk(beacon, '/services', { organization_id: bulk.id, per_page: 500 });
    expectValidPage(first, 'compiled/service_list.json');
    expect(first.total_items).toBeGreaterThan(COUNT_CAP);
    expect(Math.abs(first.total_items - bulkIds.length) / bulkIds.length).toBeLessThan(0.15);
    // The same request gets the same estimate (the sample's seed is fixed).
    expect((await hsdsOk(beacon, '/services', { organization_id: bulk.id, per_page: 500 })).total_items).toBe(first.total_items);

    const lastPage = Math.ceil(bulkIds.length / 500);
    const last = await hsdsOk(beacon, '/services', { organization_id: bulk.id, per_page: 500, page: lastPage });
    expect(last).toMatchObject({ page_number: lastPage, size: bulkIds.length % 500, last_page: true });
    expect(ids(last.contents)).toEqual(bulkIds.slice((lastPage - 1) * 500));
    expect(last.total_items).toBeGreaterThanOrEqual(bulkIds.length);
    const before = await hsdsOk(beacon, '/services', { organization_id: bulk.id, per_page: 500, page: lastPage - 1 });
    expect(before.last_page).toBe(false);
  });

  it('an exact count below the cap: the other organization counts 450 in a table of 10,987', async () => {
    expect((await hsdsOk(beacon, '/services', { organization_id: small.id, per_page: 1 })).total_items).toBe(450);
  });

  it('a page in the list form is one statement with its count, and one more for an estimate past the cap', async () => {
    expect(await beacon.countStatements(() => hsdsOk(beacon, '/services', { organization_id: small.id }))).toBe(1);
    expect(await beacon.countStatements(() => hsdsOk(beacon, '/services', {}))).toBe(2);
    expect(await beacon.countStatements(() => hsdsOk(beacon, '/service_at_locations', {}))).toBe(1);
  });

  it('ndjson streams every record once, in id order, reading 200 at a time rather than all at once', async () => {
    let lines: any[] = [];
    const statements = await beacon.countStatements(async () => {
      lines = await hsdsLines(beacon, '/services', { organization_id: small.id });
    });
    expect(ids(lines)).toEqual(smallIds);
    for (const line of lines) expectValid('compiled/service_list.json', line);
    // Three batches (200, 200, 50), a statement each; the rate limiter and sign-in add none for an anonymous reader.
    expect(statements).toBe(3);
  });

  it('minimal=true gives the whole list in one page of ids and last_modified, the harvest the parameter is for', async () => {
    const page = await hsdsOk(beacon, '/services', { organization_id: small.id, minimal: true, per_page: 500 });
    expectValidPage(page, null);
    expect(ids(page.contents)).toEqual(smallIds);
    expect(page.contents.every((s: any) => Object.keys(s).length === 2 && typeof s.last_modified === 'string')).toBe(true);
  });
});
