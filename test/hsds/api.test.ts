import { randomUUID } from 'node:crypto';
import { startBeacon, type Beacon } from '../harness/beacon';
import { aLocation, anAgency, anAgencyStaff, aService, type TestService } from '../harness/builders';
import { UPDATE_SERVICE } from '../directory/builders';
import { aTaxonomy, anAttribute, expectValidPage, hsdsLines, hsdsOk, ids, termId, walkPages } from './api-builders';
import { describeWithReference, expectValid } from './reference';

let beacon: Beacon;
let harbor: { id: string; name: string };
let tidewater: { id: string };
let detox: TestService;
let housing: TestService;
let closed: TestService;
let walk: string[];
let taxonomy: Awaited<ReturnType<typeof aTaxonomy>>;
let programId: string;

const sorted = (values: string[]) => [...values].sort();

describeWithReference('the HSDS 3.1 API', () => {
  beforeAll(async () => {
    beacon = await startBeacon();
    const admin = await beacon.adminToken();
    harbor = await anAgency(beacon, admin, `Harbor Recovery ${randomUUID().slice(0, 6)}`);
    const staff = await (await anAgencyStaff(beacon, admin, harbor.id)).token();
    detox = await aService(beacon, staff, {
      name: 'Harbor medically supervised detox',
      category: 'TREATMENT',
      taxonomyCodes: ['treatment.detox'],
      locations: [aLocation({ address: { address1: '12 Pier Rd', city: 'Harborview', stateProvince: 'NY', postalCode: '11201', country: 'US' } })],
    });
    housing = await aService(beacon, staff, { name: 'Harbor transitional housing', category: 'HOUSING', taxonomyCodes: ['housing'] });
    closed = await aService(beacon, staff, { name: 'Harbor evening drop-in', category: 'RECOVERY_SUPPORT' });
    await beacon.ok(UPDATE_SERVICE, { input: { id: closed.id, expectedVersion: closed.version, status: 'INACTIVE' } }, staff);

    tidewater = await anAgency(beacon, admin);
    const tidewaterStaff = await (await anAgencyStaff(beacon, admin, tidewater.id)).token();
    walk = [];
    for (let n = 1; n <= 7; n++) walk.push((await aService(beacon, tidewaterStaff, { name: `Tidewater listing ${n}` })).id);
    walk.sort();

    // What only an import makes: a second taxonomy linked to the housing service, and a program.
    taxonomy = await aTaxonomy(beacon);
    await anAttribute(beacon, housing.id, taxonomy.child.id);
    programId = randomUUID();
    await beacon.dataSource.query(`INSERT INTO program (id, organization_id, name, description) VALUES ($1, $2, 'Harbor reentry program', 'After release.')`, [programId, harbor.id]);
    await beacon.dataSource.query(`UPDATE service SET program_id = $1 WHERE id = $2`, [programId, detox.id]);
  });
  afterAll(() => beacon?.stop());

  it('/ says which HSDS it serves and where its OpenAPI is', async () => {
    const about = await hsdsOk(beacon, '/');
    expect(about).toEqual({ version: '3.1', profile: expect.stringMatching(/^https:\/\//), openapi_url: expect.stringMatching(/^https:\/\/.*openapi\.json$/) });
  });

  describe('/services', () => {
    it('lists ACTIVE services only, in the list form (with organization and program), until the reader asks for other statuses', async () => {
      const page = await hsdsOk(beacon, '/services', { organization_id: harbor.id });
      expectValidPage(page, 'compiled/service_list.json');
      expect(ids(page.contents)).toEqual(sorted([detox.id, housing.id]));
      const listed = page.contents.find((s: any) => s.id === detox.id);
      expect(listed).toMatchObject({ name: detox.name, status: 'active', organization: { id: harbor.id, name: harbor.name }, program: { id: programId, name: 'Harbor reentry program' } });
      expect(listed.service_at_locations).toBeUndefined();

      const all = await hsdsOk(beacon, '/services', { organization_id: harbor.id, status: 'active,inactive' });
      expectValidPage(all, 'compiled/service_list.json');
      expect(ids(all.contents)).toEqual(sorted([detox.id, housing.id, closed.id]));
      const inactive = await hsdsOk(beacon, '/services', { organization_id: harbor.id, status: 'inactive' });
      expect(inactive.contents).toEqual([expect.objectContaining({ id: closed.id, status: 'inactive' })]);
    });

    it('full=true gives each service nested as compiled/service.json; minimal=true just its id and last_modified', async () => {
      const full = await hsdsOk(beacon, '/services', { organization_id: harbor.id, full: true });
      expectValidPage(full, 'compiled/service.json');
      const nested = full.contents.find((s: any) => s.id === detox.id);
      expect(nested.service_at_locations[0].location.addresses[0]).toMatchObject({ address_1: '12 Pier Rd', postal_code: '11201' });
      expect(nested.attributes.map((a: any) => a.taxonomy_term.code)).toEqual(['treatment.detox']);

      const minimal = await hsdsOk(beacon, '/services', { organization_id: harbor.id, minimal: true });
      // No schema names this form: the page is checked, and each record's two fields.
      expectValidPage(minimal, null);
      for (const service of minimal.contents) {
        expect(Object.keys(service).sort()).toEqual(['id', 'last_modified']);
        expect(Date.parse(service.last_modified)).not.toBeNaN();
      }
    });

    it('a walk through the pages returns every match exactly once, in id order, with the page object telling where it is', async () => {
      const { pages, records } = await walkPages(beacon, '/services', { organization_id: tidewater.id }, 3, 'compiled/service_list.json');
      expect(ids(records)).toEqual(walk);
      expect(pages.map((p) => [p.page_number, p.size, p.first_page, p.last_page, p.total_items, p.total_pages, p.empty])).toEqual([
        [1, 3, true, false, 7, 3, false],
        [2, 3, false, false, 7, 3, false],
        [3, 1, false, true, 7, 3, false],
      ]);
      const past = await hsdsOk(beacon, '/services', { organization_id: tidewater.id, per_page: 3, page: 4 });
      expectValidPage(past, 'compiled/service_list.json');
      expect(past).toMatchObject({ page_number: 4, size: 0, empty: true, first_page: false, last_page: true, total_items: 7, contents: [] });
    });

    it('search is the directory search: typos corrected, a text with no word to search for finds nothing', async () => {
      const found = await hsdsOk(beacon, '/services', { search: 'detx' });
      expectValidPage(found, 'compiled/service_list.json');
      expect(ids(found.contents)).toEqual([detox.id]);
      expect(ids((await hsdsOk(beacon, '/services', { search: 'transitonal housing' })).contents)).toEqual([housing.id]);
      expect(await hsdsOk(beacon, '/services', { search: 'the of' })).toMatchObject({ total_items: 0, empty: true, last_page: true, contents: [] });
    });

    it('taxonomy_term_id and taxonomy_id choose services by their attributes, in Beacon\'s taxonomy or an imported one', async () => {
      const byBeaconTerm = await hsdsOk(beacon, '/services', { taxonomy_term_id: await termId(beacon, 'treatment.detox') });
      expect(ids(byBeaconTerm.contents)).toEqual([detox.id]);
      expect(ids((await hsdsOk(beacon, '/services', { taxonomy_term_id: taxonomy.child.id })).contents)).toEqual([housing.id]);
      expect(ids((await hsdsOk(beacon, '/services', { taxonomy_id: taxonomy.id })).contents)).toEqual([housing.id]);
      expect((await hsdsOk(beacon, '/services', { taxonomy_term_id: taxonomy.parent.id })).contents).toEqual([]);
    });

    it('modified_after keeps the services whose last_modified is on or after it', async () => {
      const [{ at }] = await beacon.dataSource.query(`SELECT to_char(greatest(last_modified, updated_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at FROM service WHERE id = $1`, [housing.id]);
      expect((await hsdsOk(beacon, '/services', { organization_id: harbor.id, modified_after: '2000-01-01T00:00:00Z' })).total_items).toBe(2);
      const since = await hsdsOk(beacon, '/services', { organization_id: harbor.id, modified_after: at });
      expect(ids(since.contents)).toContain(housing.id);
      expect(since.contents.every((s: any) => s.last_modified >= at)).toBe(true);
      expect((await hsdsOk(beacon, '/services', { modified_after: '2999-01-01T00:00:00+02:00' })).contents).toEqual([]);
      // A query string reads an unescaped + as a space: the offset still reads.
      expect((await hsdsOk(beacon, '/services', 'modified_after=2999-01-01T00:00:00+02:00')).contents).toEqual([]);
    });

    it('/services/{id} is the service nested as compiled/service.json, whatever its status, its id in any case', async () => {
      const one = await hsdsOk(beacon, `/services/${detox.id.toUpperCase()}`);
      expectValid('compiled/service.json', one);
      expect(one).toMatchObject({ id: detox.id, organization: { id: harbor.id }, program: { id: programId } });
      expect(one.service_at_locations[0].location.addresses[0].address_1).toBe('12 Pier Rd');
      const inactive = await hsdsOk(beacon, `/services/${closed.id}`);
      expectValid('compiled/service.json', inactive);
      expect(inactive.status).toBe('inactive');
    });

    it('format=ndjson streams every matching service, one valid record a line, without pages', async () => {
      const lines = await hsdsLines(beacon, '/services', {});
      expect(sorted(ids(lines))).toEqual(sorted([detox.id, housing.id, ...walk]));
      expect(ids(lines)).toEqual(sorted(ids(lines)));
      for (const line of lines) expectValid('compiled/service_list.json', line);
      const full = await hsdsLines(beacon, '/services', { organization_id: harbor.id, full: true, status: 'active,inactive' });
      expect(ids(full)).toEqual(sorted([detox.id, housing.id, closed.id]));
      for (const line of full) expectValid('compiled/service.json', line);
      expect(await hsdsLines(beacon, '/services', { search: 'the' })).toEqual([]);
    });
  });

  describe('/service_at_locations', () => {
    it('lists those of ACTIVE services in the list form, full=true nested, and one by id nested', async () => {
      const page = await hsdsOk(beacon, '/service_at_locations', { organization_id: harbor.id });
      expectValidPage(page, 'compiled/service_at_location_list.json');
      expect(page.contents.map((s: any) => s.service_id).sort()).toEqual(sorted([detox.id, housing.id]));
      const atPier = page.contents.find((s: any) => s.service_id === detox.id);
      expect(atPier).toMatchObject({ location: { latitude: 40.75, longitude: -73.99 }, service: { id: detox.id, organization: { id: harbor.id } } });

      const full = await hsdsOk(beacon, '/service_at_locations', { organization_id: harbor.id, full: true, status: 'active,inactive' });
      expectValidPage(full, 'compiled/service_at_location.json');
      expect(full.contents).toHaveLength(3);

      const one = await hsdsOk(beacon, `/service_at_locations/${atPier.id}`);
      expectValid('compiled/service_at_location.json', one);
      expect(one).toMatchObject({ id: atPier.id, service: { id: detox.id }, location: { addresses: [{ postal_code: '11201' }] } });
      expect(one.service.service_at_locations).toBeUndefined();
    });

    it('search, taxonomy and postcode choose them as they choose services', async () => {
      const searched = await hsdsOk(beacon, '/service_at_locations', { search: 'detox' });
      expect(searched.contents.map((s: any) => s.service_id)).toEqual([detox.id]);
      const linked = await hsdsOk(beacon, '/service_at_locations', { taxonomy_id: taxonomy.id });
      expect(linked.contents.map((s: any) => s.service_id)).toEqual([housing.id]);
      const atPostcode = await hsdsOk(beacon, '/service_at_locations', { postcode: ' 11201 ' });
      expect(atPostcode.contents.map((s: any) => s.service_id)).toEqual([detox.id]);
      expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '99999' })).contents).toEqual([]);
    });

    it('proximity keeps those within that many meters of the postcode\'s centroid, and an unknown postcode finds nothing', async () => {
      // Every location here stands at 40.75, -73.99, and so does 11201's centroid.
      const near = await hsdsOk(beacon, '/service_at_locations', { postcode: '11201', proximity: 100, per_page: 100 });
      expectValidPage(near, 'compiled/service_at_location_list.json');
      expect(near.total_items).toBe(9);
      expect((await hsdsOk(beacon, '/service_at_locations', { postcode: '00000', proximity: 100000 })).total_items).toBe(0);
    });

    it('format=ndjson streams them, each line valid', async () => {
      const lines = await hsdsLines(beacon, '/service_at_locations', { full: true });
      expect(lines).toHaveLength(9);
      for (const line of lines) expectValid('compiled/service_at_location.json', line);
    });
  });

  describe('/organizations', () => {
    it('lists organizations in the list form; full=true nests them; search and taxonomy find them through their services', async () => {
      const page = await hsdsOk(beacon, '/organizations', {});
      expectValidPage(page, 'compiled/organization_list.json');
      expect(ids(page.contents)).toEqual(expect.arrayContaining([harbor.id, tidewater.id]));
      const full = await hsdsOk(beacon, '/organizations', { full: true });
      expectValidPage(full, 'compiled/organization.json');
      expect(full.contents.find((o: any) => o.id === harbor.id).programs).toEqual([expect.objectContaining({ id: programId })]);

      expect(ids((await hsdsOk(beacon, '/organizations', { search: 'detox' })).contents)).toEqual([harbor.id]);
      expect(ids((await hsdsOk(beacon, '/organizations', { taxonomy_id: taxonomy.id })).contents)).toEqual([harbor.id]);
      expect(ids((await hsdsOk(beacon, '/organizations', { taxonomy_term_id: await termId(beacon, 'treatment.detox') })).contents)).toEqual([harbor.id]);
    });

    it('/organizations/{id} nests the organization with its ACTIVE services; full_service nests them in full; status widens them', async () => {
      const one = await hsdsOk(beacon, `/organizations/${harbor.id}`);
      expectValid('compiled/organization.json', one);
      expect(ids(one.services)).toEqual(sorted([detox.id, housing.id]));
      expect(one.services[0].service_at_locations).toBeUndefined();
      expect(one.locations.length).toBeGreaterThan(0);

      const withServices = await hsdsOk(beacon, `/organizations/${harbor.id}`, { full_service: true, status: 'active,inactive' });
      expectValid('compiled/organization.json', withServices);
      expect(ids(withServices.services)).toEqual(sorted([detox.id, housing.id, closed.id]));
      expect(withServices.services.find((s: any) => s.id === detox.id).service_at_locations[0].location.addresses[0].postal_code).toBe('11201');

      const listed = await hsdsOk(beacon, '/organizations', { full_service: true, per_page: 100 });
      expectValidPage(listed, 'compiled/organization.json');
      expect(ids(listed.contents.find((o: any) => o.id === tidewater.id).services)).toEqual(walk);
    });

    it('format=ndjson streams organizations, each line valid', async () => {
      const lines = await hsdsLines(beacon, '/organizations', { full: true });
      expect(ids(lines)).toEqual(expect.arrayContaining([harbor.id, tidewater.id]));
      for (const line of lines) expectValid('compiled/organization.json', line);
    });
  });

  describe('/taxonomies and /taxonomy_terms', () => {
    it('lists taxonomies, Beacon\'s own and imported ones, searched by name; one by id', async () => {
      const page = await hsdsOk(beacon, '/taxonomies', {});
      expectValidPage(page, 'taxonomy.json');
      expect(page.contents.map((t: any) => t.name)).toEqual(expect.arrayContaining(['Beacon', taxonomy.name]));
      expect(ids((await hsdsOk(beacon, '/taxonomies', { search: taxonomy.name.toUpperCase() })).contents)).toEqual([taxonomy.id]);
      const one = await hsdsOk(beacon, `/taxonomies/${taxonomy.id}`);
      expectValid('taxonomy.json', one);
      expect(one).toMatchObject({ id: taxonomy.id, uri: 'https://example.org/needs', version: '2' });
    });

    it('lists terms with their taxonomy, chosen by taxonomy_id, parent_id, top_only and search; one by id', async () => {
      const ofTaxonomy = await hsdsOk(beacon, '/taxonomy_terms', { taxonomy_id: taxonomy.id });
      expectValidPage(ofTaxonomy, 'taxonomy_term.json');
      expect(ids(ofTaxonomy.contents)).toEqual(sorted([taxonomy.parent.id, taxonomy.child.id]));
      expect(ofTaxonomy.contents[0].taxonomy_detail).toMatchObject({ id: taxonomy.id, name: taxonomy.name });
      expect(ids((await hsdsOk(beacon, '/taxonomy_terms', { taxonomy_id: taxonomy.id, top_only: true })).contents)).toEqual([taxonomy.parent.id]);
      expect(ids((await hsdsOk(beacon, '/taxonomy_terms', { parent_id: taxonomy.parent.id })).contents)).toEqual([taxonomy.child.id]);
      expect((await hsdsOk(beacon, '/taxonomy_terms', { search: 'detox' })).contents.map((t: any) => t.code)).toEqual(['treatment.detox']);

      const beaconTerms = await walkPages(beacon, '/taxonomy_terms', { top_only: true }, 4, 'taxonomy_term.json');
      expect(beaconTerms.records.length).toBe(beaconTerms.pages[0].total_items);
      const one = await hsdsOk(beacon, `/taxonomy_terms/${taxonomy.child.id}`);
      expectValid('taxonomy_term.json', one);
      expect(one).toMatchObject({ id: taxonomy.child.id, parent_id: taxonomy.parent.id, taxonomy_detail: { id: taxonomy.id } });
    });

    it('format=ndjson streams terms', async () => {
      const lines = await hsdsLines(beacon, '/taxonomy_terms', { taxonomy_id: taxonomy.id });
      expect(ids(lines)).toEqual(sorted([taxonomy.parent.id, taxonomy.child.id]));
      for (const line of lines) expectValid('taxonomy_term.json', line);
    });
  });
});
