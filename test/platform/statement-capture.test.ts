import { SEARCH_SERVICES } from '../../bench/operations';
import { captureStatements } from '../../src/db/statement-counter';
import { startBeacon, type Beacon } from '../harness/beacon';
import { anAgency, anAgencyStaff, aLocation, aService } from '../harness/builders';

/**
 * The benchmark replays the SQL a request sent straight through pg (bench/replay.ts): what
 * captureStatements records must be complete (text and values run as they are) and must say which
 * statements waited for which, so the replay keeps Beacon's order and its batches side by side.
 */
let beacon: Beacon;
let listingId: string;
beforeAll(async () => {
  beacon = await startBeacon();
  const admin = await beacon.adminToken();
  const agency = await anAgency(beacon, admin);
  const token = await (await anAgencyStaff(beacon, admin, agency.id)).token();
  ({ id: listingId } = await aService(beacon, token, { name: 'Harbor Detox', locations: [aLocation(), aLocation({ latitude: 40.8, longitude: -73.95 })] }));
});
afterAll(() => beacon.stop());

it('records each statement of a search with its values and what it waited for, and replays to the same rows', async () => {
  const variables = { filter: { text: 'detox', near: { latitude: 40.75, longitude: -73.99 }, radiusKm: 25 }, first: 20 };
  const captured = await captureStatements(beacon.dataSource, () => beacon.ok(SEARCH_SERVICES, variables));
  expect(captured.length).toBeGreaterThan(1);
  expect(await beacon.countStatements(() => beacon.ok(SEARCH_SERVICES, variables))).toBe(captured.length);

  // The text's tsquery goes first, alone (search-words.ts); the page waited for it, and everything after the page for both.
  expect(captured[0].after).toEqual([]);
  expect(captured[0].values).toContain('detox');
  expect(captured[1].after).toEqual([0]);
  captured.slice(1).forEach((statement, i) => {
    expect(statement.after).toContain(0);
    expect(statement.after.every((j) => j <= i)).toBe(true);
  });

  // Replayed through pg, the search statement finds the listing again (its other rows are the facets).
  const page: { id: string | null }[] = await beacon.dataSource.query(captured[1].text, captured[1].values);
  expect(page.filter((row) => row.id !== null).map((row) => row.id)).toEqual([listingId]);
  for (const statement of captured.slice(1)) await beacon.dataSource.query(statement.text, statement.values);
});
