import { randomUUID } from 'node:crypto';
import Ajv from 'ajv';
import type { Beacon } from '../harness/beacon';
import { BEACON_TAXONOMY_ID } from '../../src/directory/taxonomy-term.entity';
import { expectValid, referenceJson } from './reference';

/**
 * What the HSDS API tests share: reading the API as a 211 site would (plain HTTP, no token unless
 * a test gives one), checking pages against openapi.json's Page and records against the official
 * schemas, and making the HSDS records Beacon's GraphQL cannot (another taxonomy, its terms,
 * attributes, many services at once) with SQL, as the importer will.
 */

export type Query = Record<string, string | number | boolean>;

export interface HsdsResponse {
  status: number;
  contentType: string;
  /** The raw body: tests look for what must not be in it (an address, a stack trace). */
  text: string;
  body: any;
}

function url(beacon: Beacon, path: string, query: Query | string): string {
  const search = typeof query === 'string' ? query : new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `${beacon.url}/hsds${path}${search ? `?${search}` : ''}`;
}

/** A request to /hsds<path>: GET unless `init` says otherwise; `query` an object or a raw query string. */
export async function hsds(beacon: Beacon, path: string, query: Query | string = {}, init: RequestInit = {}): Promise<HsdsResponse> {
  const response = await fetch(url(beacon, path, query), init);
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, contentType, text, body: contentType.startsWith('application/json') ? JSON.parse(text) : undefined };
}

/** The body of a GET that must succeed. */
export async function hsdsOk(beacon: Beacon, path: string, query: Query | string = {}): Promise<any> {
  const response = await hsds(beacon, path, query);
  if (response.status !== 200) throw new Error(`GET /hsds${path} answered ${response.status}: ${response.text}`);
  return response.body;
}

/** GET with format=ndjson: each line parsed, after checking the stream's type and that it ends with a line break. */
export async function hsdsLines(beacon: Beacon, path: string, query: Query = {}): Promise<any[]> {
  const response = await hsds(beacon, path, { ...query, format: 'ndjson' });
  if (response.status !== 200) throw new Error(`GET /hsds${path} (ndjson) answered ${response.status}: ${response.text}`);
  expect(response.contentType).toMatch(/^application\/x-ndjson/);
  if (!response.text) return [];
  expect(response.text.endsWith('\n')).toBe(true);
  return response.text.slice(0, -1).split('\n').map((line) => JSON.parse(line));
}

let pageValidator: ((value: unknown) => boolean) | undefined;

/** The page object as openapi.json's Page describes it, every property there and no other, and each record valid against `itemSchema` (null: no schema names the form). */
export function expectValidPage(page: any, itemSchema: string | null): void {
  if (!pageValidator) {
    const schema = referenceJson('schema/openapi.json').components.schemas.Page;
    const ajv = new Ajv({ strict: false, allErrors: true });
    pageValidator = ajv.compile({
      ...schema,
      properties: { ...schema.properties, contents: { type: 'array' } },
      required: [...Object.keys(schema.properties), 'contents'],
      additionalProperties: false,
    });
  }
  if (!pageValidator(page)) throw new Error(`not an HSDS page: ${JSON.stringify((pageValidator as any).errors)}`);
  if (itemSchema) for (const item of page.contents) expectValid(itemSchema, item);
}

/** Every record of a list, page after page of `perPage` until `last_page`, each page checked; the pages too. */
export async function walkPages(beacon: Beacon, path: string, query: Query, perPage: number, itemSchema: string) {
  const pages: any[] = [];
  for (let page = 1; ; page++) {
    const body = await hsdsOk(beacon, path, { ...query, page, per_page: perPage });
    expectValidPage(body, itemSchema);
    pages.push(body);
    if (body.last_page) return { pages, records: pages.flatMap((p) => p.contents) };
    if (page > 1000) throw new Error('no last page');
  }
}

export const ids = (records: { id: string }[]) => records.map((r) => r.id);

/** The HSDS-only records a test needs, inserted as the importer will: another taxonomy with a parent term and a child term. */
export async function aTaxonomy(beacon: Beacon, name = `Taxonomy ${randomUUID().slice(0, 8)}`) {
  const taxonomy = { id: randomUUID(), name };
  const parent = { id: randomUUID(), name: `${name} needs`, code: 'NEEDS' };
  const child = { id: randomUUID(), name: `${name} emergency shelter`, code: 'NEEDS-SHELTER' };
  await beacon.dataSource.query(`INSERT INTO taxonomy (id, name, description, uri, version) VALUES ($1, $2, 'A taxonomy of needs.', 'https://example.org/needs', '2')`, [taxonomy.id, name]);
  await beacon.dataSource.query(
    `INSERT INTO taxonomy_term (id, code, name, description, parent_id, taxonomy, taxonomy_id, language)
     VALUES ($1, $2, $3, 'Basic needs.', NULL, $4, $5, 'en'), ($6, $7, $8, 'A bed for the night.', $1, $4, $5, 'en')`,
    [parent.id, parent.code, parent.name, name, taxonomy.id, child.id, child.code, child.name],
  );
  return { ...taxonomy, parent, child };
}

/** An attribute linking the record `linkId` (a `linkEntity`) to `termId`. */
export async function anAttribute(beacon: Beacon, linkId: string, termId: string, linkEntity = 'service') {
  await beacon.dataSource.query(`INSERT INTO attribute (id, link_id, link_type, link_entity, taxonomy_term_id) VALUES ($1, $2, 'type', $3, $4)`, [randomUUID(), linkId, linkEntity, termId]);
}

/** `count` ACTIVE services of `organizationId` with no location, named `prefix` n, as a bulk import writes them; their ids in id order. */
export async function manyServices(beacon: Beacon, organizationId: string, count: number, prefix = 'Bulk listing'): Promise<string[]> {
  const rows: { id: string }[] = await beacon.dataSource.query(
    `INSERT INTO service (organization_id, name, description, category) SELECT $1, $2 || ' ' || g, 'Imported.', 'BASIC_NEEDS' FROM generate_series(1, $3::int) g RETURNING id`,
    [organizationId, prefix, count],
  );
  return rows.map((r) => r.id).sort();
}

/** The id of Beacon's own taxonomy term with `code`. */
export async function termId(beacon: Beacon, code: string): Promise<string> {
  const [row] = await beacon.dataSource.query(`SELECT id FROM taxonomy_term WHERE code = $1 AND taxonomy_id = $2`, [code, BEACON_TAXONOMY_ID]);
  return row.id;
}
