import { fullFormats } from 'ajv-formats/dist/formats';
import { v5 as uuidv5 } from 'uuid';
import type { HsdsField, HsdsTable } from './model';

/**
 * The namespace of the UUIDv5 ids Beacon gives source ids that are not UUIDs ("211-10492",
 * "SVC1"): fixed for good, so that the same source id gives the same Beacon id on every import
 * and every Beacon instance, and a second import updates instead of duplicating.
 */
export const SOURCE_ID_NAMESPACE = '4715a0c0-6042-415e-8922-35a826ca506a';

/** One problem with one field of one row: what the report prints. */
export interface RowProblem {
  field: string;
  message: string;
}

/**
 * Something shaped like a UUID (hex groups and dashes) that is not one is a typo, not a source id
 * of another scheme: it is refused rather than turned into a new id that would never match.
 */
const UUID_SHAPED = /^[0-9a-z]{8}-[0-9a-z]{4}-|^[0-9a-f-]{30,}$/i;
/**
 * A UUID as HSDS's `format: uuid` and PostgreSQL read it: 32 hex digits in 8-4-4-4-12 groups,
 * whatever its version and variant bits (ids derived by hashing, Beacon's own among them, set none).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^-?\d+$/;
const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const END_OF_DAY = /^24:00(:00)?$/;
const email = fullFormats.email as RegExp;
const uri = fullFormats.uri as (value: string) => boolean;

function validDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCFullYear() === +m[1] && date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3];
}

/** The id Beacon keeps for a source id: a UUID as it is (lower case), anything else its UUIDv5. */
export function beaconId(value: string): string | null {
  if (UUID.test(value)) return value.toLowerCase();
  if (UUID_SHAPED.test(value)) return null;
  return uuidv5(value, SOURCE_ID_NAMESPACE);
}

/** The problem with `value` for `field`, or null; `value` is trimmed text, never empty. */
function problemOf(field: HsdsField, value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (field.values && !field.values.includes(value)) return `must be one of ${field.values.map((v) => `"${v}"`).join(', ')}`;
  const bounds = () => {
    const n = Number(value);
    if (field.min != null && n < field.min) return `must be at least ${field.min}`;
    if (field.max != null && n > field.max) return `must be at most ${field.max}`;
    return null;
  };
  switch (field.type) {
    case 'uuid':
      return beaconId(value) ? null : 'is not a valid UUID (an id that is not UUID-shaped is taken as a source id)';
    case 'integer':
      return INTEGER.test(value) ? bounds() : 'must be a whole number';
    case 'number':
      return NUMBER.test(value) && Number.isFinite(Number(value)) ? bounds() : 'must be a number';
    case 'date':
      return validDate(value) ? null : 'must be a date, YYYY-MM-DD';
    case 'datetime':
      return DATETIME.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T'))) && validDate(value.slice(0, 10)) ? null : 'must be a date and time, ISO 8601 (2024-09-25T14:23:06Z)';
    case 'time':
      if (TIME.test(value) || (field.name === 'closes_at' && END_OF_DAY.test(value))) return null;
      return field.name === 'closes_at' ? 'must be a time of day, HH:MM or HH:MM:SS, from 00:00 to 24:00' : 'must be a time of day, HH:MM or HH:MM:SS, from 00:00 to 23:59';
    case 'email':
      return email.test(value) ? null : 'must be an email address';
    case 'uri':
      return uri(value) ? null : 'must be an absolute URI (with its scheme, e.g. https://)';
    default:
      return null;
  }
}

export interface CheckedRow {
  /** Each field's value as staged text: ids as Beacon keeps them, empty as null. */
  values: (string | null)[];
  problems: RowProblem[];
  warnings: RowProblem[];
}

/**
 * A row of `table` checked field by field against HSDS and Beacon's bounds, with its ids made
 * Beacon's; `present` says which fields the source gives (a CSV without a column leaves it as it is).
 */
export function checkRow(table: HsdsTable, raw: Record<string, unknown>, present: Set<string>): CheckedRow {
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const values = table.fields.map((field) => {
    const given = raw[field.name];
    const text = given == null ? '' : typeof given === 'object' ? JSON.stringify(given) : String(given);
    // Text is kept as given (spaces too: an export gives it back); ids, numbers and dates are read trimmed.
    const value = field.type === 'string' || text.trim() === '' ? text : text.trim();
    if (value.trim() === '') {
      // Beacon publishes its own empty descriptions and changes from nothing so.
      if (field.empty && given != null && present.has(field.name)) return value;
      if (field.required && (present.has(field.name) || field.name === 'id')) problems.push({ field: field.name, message: 'is required' });
      else if (field.required && !present.has(field.name)) problems.push({ field: field.name, message: 'is required (the file has no such column)' });
      return null;
    }
    const problem = problemOf(field, value);
    if (problem) {
      problems.push({ field: field.name, message: problem });
      return null;
    }
    if (field.type === 'uuid') return beaconId(value);
    return value;
  });
  const at = (name: string) => values[table.fields.findIndex((f) => f.name === name)];
  if (table.name === 'location') {
    const refused = problems.some((p) => p.field === 'latitude' || p.field === 'longitude');
    if (!refused && (at('latitude') == null) !== (at('longitude') == null)) problems.push({ field: at('latitude') == null ? 'latitude' : 'longitude', message: 'is required with the other coordinate' });
    const latitude = at('latitude');
    if (latitude != null && Math.abs(Number(latitude)) > 90) {
      warnings.push({ field: 'latitude', message: `${latitude} is beyond ±90, so names no place: kept as given, but the location is left off the map` });
    }
  }
  if (table.name === 'service') {
    const min = at('minimum_age');
    const max = at('maximum_age');
    if (min != null && max != null && Number(min) > Number(max)) problems.push({ field: 'maximum_age', message: 'must not be below minimum_age' });
  }
  if (table.name === 'cost_option' && at('amount') != null && !/^-?\d+(\.\d{1,2})?$/.test(String(Number(at('amount'))))) {
    problems.push({ field: 'amount', message: 'must have at most two decimals' });
  }
  return { values, problems, warnings };
}
