import { generateDirectory } from '../../seeds/synthetic/directory';
import { startBeacon, type Beacon } from '../harness/beacon';

/**
 * The synthetic generator writes each service row once, with the places and search document the
 * triggers and service_search_refresh would give it: no dead row per service (which, with
 * autovacuum off, doubled the table), and nothing for a refresh to change.
 */
let beacon: Beacon;
beforeAll(async () => {
  beacon = await startBeacon();
  await generateDirectory(beacon.dataSource, { providers: 10, services: 500, locations: 800 });
});
afterAll(() => beacon.stop());

it('leaves no page of the service table without a live row (an update of every service would leave the first half dead)', async () => {
  const [{ pages, live }] = await beacon.dataSource.query(
    `SELECT pg_relation_size('service') / current_setting('block_size')::int AS pages,
            (SELECT count(DISTINCT (ctid::text::point)[0]) FROM service) AS live`,
  );
  expect(Number(pages)).toBeGreaterThan(5);
  expect(Number(live)).toBe(Number(pages));
});

it("writes the places and search document that the refreshes would, so they rewrite no service", async () => {
  const runner = beacon.dataSource.createQueryRunner();
  await runner.startTransaction();
  try {
    const documents = `SELECT id, search_document::text FROM service ORDER BY id`;
    const generated = await runner.query(documents);
    await runner.query(`SELECT service_places_refresh(ARRAY(SELECT id FROM service))`);
    const [{ rewritten }] = await runner.query(`SELECT count(*)::int AS rewritten FROM service WHERE xmin::text = txid_current()::text`);
    expect(rewritten).toBe(0);
    // service_search_refresh writes every row it is given: compare what it writes.
    await runner.query(`SELECT service_search_refresh(ARRAY(SELECT id FROM service))`);
    expect(await runner.query(documents)).toEqual(generated);
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
});
