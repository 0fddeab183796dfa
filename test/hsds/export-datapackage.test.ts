import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dataPackage, dataResource, type TableSchemaField } from '../../src/hsds/datapackage';
import { HSDS_TABLES } from '../../src/hsds/model';
import { describeWithReference, HSDS_DIR, referenceJson } from './reference';

/**
 * The datapackage.json of an export against the official one-object schemas: each resource is
 * named, placed and typed as its schema says. Where the model knowingly differs from a schema,
 * the difference is listed here with its reason, so that any other one fails.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  // HSDS lists it in neither `required` nor `tabular_required`, but an address row without its location belongs to nothing.
  'address.location_id': 'required',
};

/** The Table Schema type and format a schema property stands for. */
function expected(property: any): Pick<TableSchemaField, 'type' | 'format'> {
  if (property.datapackage_type) return { type: property.datapackage_type };
  if (property.format === 'date-time') return { type: 'datetime' };
  if (property.type === 'number') return { type: 'number' };
  return { type: 'string', ...(['uuid', 'email', 'uri'].includes(property.format) && { format: property.format }) };
}

/** The schema's own fields: the properties that are not nested objects or lists of them. */
const tabularProperties = (schema: any): [string, any][] =>
  Object.entries<any>(schema.properties).filter(([, p]) => !p.$ref && p.type !== 'array' && p.type !== 'object');

describeWithReference('the datapackage.json of an HSDS export', () => {
  const schemaOf = (name: string) => referenceJson(join('schema', `${name}.json`));

  it('has a resource for every HSDS object, in the schemas’ datapackage order', () => {
    const objects = readdirSync(join(HSDS_DIR, 'schema')).filter((f) => f.endsWith('.json') && f !== 'openapi.json');
    const resources = dataPackage(new Date()).resources;
    expect(resources.map((r) => `${r.name}.json`).sort()).toEqual(objects.sort());
    const orders = resources.map((r) => schemaOf(r.name).datapackage_metadata.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('names foreign keys where the model names a reference, each to a resource of the package by a field of its own', () => {
    const resources = dataPackage(new Date()).resources;
    const keys = resources.flatMap((r) => (r.schema.foreignKeys ?? []).map((key) => ({ resource: r.name, ...key })));
    expect(keys).toContainEqual({ resource: 'service', fields: 'organization_id', reference: { resource: 'organization', fields: 'id' } });
    for (const key of keys) {
      expect(resources.map((r) => r.name)).toContain(key.reference.resource);
      expect(resources.find((r) => r.name === key.resource)!.schema.fields.map((f) => f.name)).toContain(key.fields);
    }
  });

  describe.each(HSDS_TABLES.map((t) => [t.name, t] as const))('%s', (name, table) => {
    const resource = dataResource(table);

    it('is named, placed and described as its schema’s datapackage_metadata says', () => {
      const schema = schemaOf(name);
      const { format, mediatype, profile } = schema.datapackage_metadata;
      expect(resource).toMatchObject({ name: schema.name, path: schema.path, format, mediatype, profile, encoding: 'utf-8' });
      expect(resource.schema.primaryKey).toBe('id');
    });

    it('has the schema’s own fields in order, typed as the schema types them, required and enumerated where it says', () => {
      const schema = schemaOf(name);
      const properties = tabularProperties(schema);
      const required = new Set<string>([...(schema.required ?? []), ...(schema.tabular_required ?? [])]);
      expect(resource.schema.fields.map((f) => f.name)).toEqual(properties.map(([key]) => key));
      for (const [i, [key, property]] of properties.entries()) {
        const field = resource.schema.fields[i];
        const { type, format } = expected(property);
        // Beacon stores these numbers as integers (ages, years, counts): an integer is a number, so every value still validates.
        expect({ key, type: field.type === 'integer' && type === 'number' ? 'number' : field.type, format: field.format }).toEqual({ key, type, format });
        const requires = KNOWN_DIFFERENCES[`${name}.${key}`] === 'required' ? !required.has(key) : required.has(key);
        expect({ key, required: field.constraints?.required ?? false }).toEqual({ key, required: requires });
        expect({ key, enum: field.constraints?.enum }).toEqual({ key, enum: property.enum });
      }
    });
  });
});
