import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataPackage, DataResource } from '../../src/hsds/datapackage';
import { expectValid } from './reference';

/** A CSV row by column: null for an empty unquoted cell (PostgreSQL's null), '' for a quoted empty one. */
export type CsvRow = Record<string, string | null>;

export interface Exported {
  descriptor: DataPackage;
  /** Each file's header and rows, by file name. */
  csv: Map<string, { header: string[]; rows: CsvRow[] }>;
  /** Every file of the package as one text, to search for what must not be there. */
  text: string;
}

/** Reads an exported package as a consumer would: datapackage.json and every CSV file in the folder. */
export function readExport(dir: string): Exported {
  const csv = new Map<string, { header: string[]; rows: CsvRow[] }>();
  let text = '';
  for (const file of readdirSync(dir)) {
    const content = readFileSync(join(dir, file), 'utf8');
    text += content;
    if (!file.endsWith('.csv')) continue;
    const [header, ...cells] = parse(content, { cast: (value, context) => (value === '' && !context.quoting ? null : value) }) as (string | null)[][];
    csv.set(file, { header: header as string[], rows: cells.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i]]))) });
  }
  return { descriptor: JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')), csv, text };
}

/** A row as HSDS JSON, by its resource's field types: numbers as numbers, a null absent. */
export function typedRow(resource: DataResource, row: CsvRow): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const field of resource.schema.fields) {
    const value = row[field.name];
    if (value == null) continue;
    object[field.name] = field.type === 'number' || field.type === 'integer' ? Number(value) : value;
  }
  return object;
}

/**
 * Every row of every file validates against its one-object schema (closed: no field beyond the
 * schema's). A capacity's schema requires its unit as a nested object, which the tabular form
 * names by unit_id: the unit's own row goes there, so it must be in the package too.
 */
export function expectEveryRowValid(exported: Exported, skip: (file: string, row: CsvRow) => boolean = () => false): number {
  const units = new Map(exported.csv.get('units.csv')!.rows.map((row) => [row.id, row]));
  const unit = exported.descriptor.resources.find((r) => r.name === 'unit')!;
  let checked = 0;
  for (const resource of exported.descriptor.resources) {
    for (const row of exported.csv.get(resource.path)!.rows) {
      if (skip(resource.path, row)) continue;
      const object = typedRow(resource, row);
      if (resource.name === 'service_capacity') object.unit = typedRow(unit, units.get(row.unit_id!) ?? {});
      try {
        expectValid(`${resource.name}.json`, object);
      } catch (error) {
        throw new Error(`${resource.path} row ${JSON.stringify(row)}: ${(error as Error).message}`);
      }
      checked++;
    }
  }
  return checked;
}
