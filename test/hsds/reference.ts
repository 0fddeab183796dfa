import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The official HSDS 3.1 schemas and examples (the project's ../shared/hsds, or HSDS_REFERENCE_DIR).
 * They are not part of the repository: where they are missing, the tests that need them skip
 * and say why; CI has them.
 */
export const HSDS_DIR = resolve(process.env.HSDS_REFERENCE_DIR ?? join(__dirname, '../../../shared/hsds'));
export const hasReference = existsSync(join(HSDS_DIR, 'schema', 'service.json'));

/** `describe`, or a skip that says which folder is missing. */
export function describeWithReference(name: string, body: () => void): void {
  if (hasReference) return describe(name, body);
  describe(name, () => {
    it.skip(`needs the official HSDS 3.1 files at ${HSDS_DIR} (set HSDS_REFERENCE_DIR): not found, so skipped`, () => undefined);
  });
}

export const readReference = (path: string) => readFileSync(join(HSDS_DIR, path), 'utf8');
export const referenceJson = (path: string) => JSON.parse(readReference(path));
export const exampleCsvDir = () => join(HSDS_DIR, 'examples', 'csv');
export const exampleJsonFiles = () =>
  (hasReference ? readdirSync(join(HSDS_DIR, 'examples')) : [])
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(HSDS_DIR, 'examples', f));

/** As the upstream check does: no property beyond those a schema lists, at every level. */
function closed(schema: any): any {
  if (Array.isArray(schema)) return schema.map(closed);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: any = {};
  for (const [key, value] of Object.entries(schema)) copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, closed(v)])) : closed(value);
  if (copy.properties && copy.additionalProperties === undefined) copy.additionalProperties = false;
  return copy;
}

let ajv: Ajv | undefined;
/** The validator of a schema file under hsds/schema (e.g. 'compiled/service.json', 'taxonomy.json'): non-strict, formats checked, closed. */
export function validatorFor(schemaPath: string): ValidateFunction {
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    // The one-object schemas refer to each other by file name.
    for (const file of readdirSync(join(HSDS_DIR, 'schema')).filter((f) => f.endsWith('.json') && f !== 'openapi.json')) {
      ajv.addSchema(closed({ ...referenceJson(join('schema', file)), $id: file }), file);
    }
    for (const file of readdirSync(join(HSDS_DIR, 'schema', 'compiled')).filter((f) => f.endsWith('.json'))) {
      ajv.addSchema(closed({ ...referenceJson(join('schema', 'compiled', file)), $id: `compiled/${file}` }), `compiled/${file}`);
    }
  }
  const validate = ajv.getSchema(schemaPath);
  if (!validate) throw new Error(`no HSDS schema ${schemaPath}`);
  return validate;
}

/** Throws with ajv's errors when `value` does not validate against `schemaPath`. */
export function expectValid(schemaPath: string, value: unknown): void {
  const validate = validatorFor(schemaPath);
  if (!validate(value)) throw new Error(`not valid against ${schemaPath}: ${JSON.stringify(validate.errors?.slice(0, 5), null, 1)}`);
}
