import { randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Beacon } from '../harness/beacon';
import { importHsds, type ImportOptions, type ImportReport } from '../../src/hsds/import';
import { openSource } from '../../src/hsds/import-source';

/** An HSDS tabular package in memory: rows by CSV file name. */
export type Rows = Record<string, Record<string, string | number | null>[]>;

/** Writes `rows` as a package folder (CSV files, header from the first row's keys) and returns its path. */
export async function writePackage(rows: Rows): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'beacon-hsds-test-'));
  for (const [file, records] of Object.entries(rows)) {
    const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
    await writeFile(join(dir, file), stringify(records, { header: true, columns, cast: { number: String } }));
  }
  return dir;
}

/** Imports the folder, file or zip at `path` into the Beacon's database, as `npm run hsds:import` does. */
export async function importPath(beacon: Beacon, path: string, options: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return importHsds(beacon.dataSource, await openSource(path), { defaultTimeZone: 'America/New_York', ...options });
}

export const importRows = async (beacon: Beacon, rows: Rows, options: Partial<ImportOptions> = {}) => importPath(beacon, await writePackage(rows), options);

export interface SmallPackage {
  rows: Rows;
  ids: { organization: string; service: string; location: string; term: string; schedule: string };
}

/**
 * A small, valid 211-style package: an organization, one housing service (an AIRS term, BH-1800)
 * at one location with an address, a phone, weekday hours, a language and a program.
 */
export function aSmallPackage(name = `Harbor Housing ${randomUUID().slice(0, 8)}`): SmallPackage {
  const ids = { organization: randomUUID(), service: randomUUID(), location: randomUUID(), term: randomUUID(), schedule: randomUUID() };
  const taxonomy = randomUUID();
  const program = randomUUID();
  const sal = randomUUID();
  return {
    ids,
    rows: {
      'organizations.csv': [{ id: ids.organization, name: `${name} Inc.`, description: 'A housing nonprofit.', email: 'info@harbor.example.org', website: 'https://harbor.example.org' }],
      'programs.csv': [{ id: program, organization_id: ids.organization, name: 'Housing First', description: 'Permanent housing with support.' }],
      'services.csv': [
        {
          id: ids.service,
          organization_id: ids.organization,
          program_id: program,
          name,
          description: 'Emergency beds and rapid rehousing for adults in recovery.',
          status: 'active',
          minimum_age: 18,
          last_modified: '2026-10-01T12:00:00.000Z',
        },
      ],
      'locations.csv': [{ id: ids.location, location_type: 'physical', organization_id: ids.organization, name: 'Main site', latitude: 40.7512, longitude: -73.9861 }],
      'service_at_location.csv': [{ id: sal, service_id: ids.service, location_id: ids.location }],
      'addresses.csv': [{ id: randomUUID(), location_id: ids.location, address_1: '12 Harbor St', city: 'New York', state_province: 'NY', postal_code: '10018', country: 'US', address_type: 'physical' }],
      'phones.csv': [{ id: randomUUID(), location_id: ids.location, service_id: ids.service, number: '(212) 555-0100', type: 'voice' }],
      'schedules.csv': [{ id: ids.schedule, location_id: ids.location, freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' }],
      'languages.csv': [{ id: randomUUID(), service_id: ids.service, name: 'Spanish', code: 'es' }],
      'taxonomies.csv': [{ id: taxonomy, name: 'AIRS', description: 'The 211 LA County taxonomy (AIRS).' }],
      'taxonomy_terms.csv': [{ id: ids.term, code: 'BH-1800', name: 'Emergency Shelter', description: 'Short-term shelter.', taxonomy: 'AIRS', taxonomy_id: taxonomy }],
      'attributes.csv': [{ id: randomUUID(), link_id: ids.service, taxonomy_term_id: ids.term, link_type: 'service', link_entity: 'service' }],
    },
  };
}
