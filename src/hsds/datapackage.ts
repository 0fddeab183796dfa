import { HSDS_TABLES, type HsdsField, type HsdsTable, type HsdsType } from './model';

/**
 * The `datapackage.json` of an HSDS export: a Frictionless tabular data package with one
 * resource per HSDS table, described from the model. Every HSDS schema's `datapackage_metadata`
 * names the same profile, format and media type, and its name and path are the model's table
 * name and file (test/hsds/export-datapackage.test.ts holds each schema to that).
 */

export interface TableSchemaField {
  name: string;
  type: 'string' | 'number' | 'integer' | 'date' | 'datetime' | 'time';
  format?: 'email' | 'uri' | 'uuid';
  constraints?: { required?: true; enum?: string[] };
}

export interface DataResource {
  name: string;
  path: string;
  profile: 'tabular-data-resource';
  format: 'csv';
  mediatype: 'text/csv';
  encoding: 'utf-8';
  schema: {
    fields: TableSchemaField[];
    primaryKey: 'id';
    foreignKeys?: { fields: string; reference: { resource: string; fields: 'id' } }[];
  };
}

export interface DataPackage {
  profile: 'tabular-data-package';
  name: string;
  title: string;
  created: string;
  resources: DataResource[];
}

const TYPES: Record<HsdsType, Pick<TableSchemaField, 'type' | 'format'>> = {
  uuid: { type: 'string', format: 'uuid' },
  string: { type: 'string' },
  email: { type: 'string', format: 'email' },
  uri: { type: 'string', format: 'uri' },
  number: { type: 'number' },
  integer: { type: 'integer' },
  date: { type: 'date' },
  datetime: { type: 'datetime' },
  time: { type: 'time' },
};

export function tableSchemaField(field: HsdsField): TableSchemaField {
  const constraints = { ...(field.required && { required: true as const }), ...(field.values && { enum: [...field.values] }) };
  return { name: field.name, ...TYPES[field.type], ...(Object.keys(constraints).length > 0 && { constraints }) };
}

export function dataResource(table: HsdsTable): DataResource {
  const foreignKeys = table.fields
    .filter((f) => f.references)
    .map((f) => ({ fields: f.name, reference: { resource: f.references!, fields: 'id' as const } }));
  return {
    name: table.name,
    path: table.file,
    profile: 'tabular-data-resource',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    schema: { fields: table.fields.map(tableSchemaField), primaryKey: 'id', ...(foreignKeys.length > 0 && { foreignKeys }) },
  };
}

/** The package of every HSDS table, as of `created` (the export's snapshot). */
export function dataPackage(created: Date): DataPackage {
  return {
    profile: 'tabular-data-package',
    name: 'beacon-hsds',
    title: 'Beacon resource directory (Open Referral HSDS 3.1)',
    created: created.toISOString(),
    resources: HSDS_TABLES.map(dataResource),
  };
}
