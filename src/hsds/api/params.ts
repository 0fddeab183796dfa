import { FieldProblems } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { hsdsTable } from '../model';

/** Records a page holds unless the reader asks otherwise, and the most it may ask for (a page of full services runs to megabytes). */
const PER_PAGE_DEFAULT = 50;
const PER_PAGE_MAX = 500;
/** Page numbers past this are refused: a page is an OFFSET, and a million pages in is a harvest, which ndjson serves. */
const PAGE_MAX = 1_000_000;
/** As the directory's search text. */
const SEARCH_MAX = 500;
/** As the directory's largest search radius (1,000 km). */
const PROXIMITY_MAX = 1_000_000;

export type Format = 'json' | 'ndjson';

/** Every parameter of the HSDS API, read; each path takes the ones PATH_PARAMETERS lists. */
export interface HsdsParams {
  search: string | null;
  /** From 1. */
  page: number;
  perPage: number;
  format: Format;
  taxonomyTermId: string | null;
  taxonomyId: string | null;
  organizationId: string | null;
  parentId: string | null;
  modifiedAfter: Date | null;
  minimal: boolean;
  full: boolean;
  fullService: boolean;
  topOnly: boolean;
  postcode: string | null;
  /** Meters from the postcode's centroid. */
  proximity: number | null;
  /** Beacon's service statuses (ACTIVE, …): a Beacon extension of HSDS, `status=active,inactive`; default ACTIVE. */
  statuses: string[];
}

const DEFAULTS: HsdsParams = {
  search: null,
  page: 1,
  perPage: PER_PAGE_DEFAULT,
  format: 'json',
  taxonomyTermId: null,
  taxonomyId: null,
  organizationId: null,
  parentId: null,
  modifiedAfter: null,
  minimal: false,
  full: false,
  fullService: false,
  topOnly: false,
  postcode: null,
  proximity: null,
  statuses: ['ACTIVE'],
};

/** A value the reader gave that cannot be read: its message names what would be. */
class Unreadable extends Error {}

const integer = (min: number, max: number) => (text: string) => {
  if (!/^\d{1,10}$/.test(text) || Number(text) < min || Number(text) > max) throw new Unreadable(`must be an integer from ${min} to ${max}`);
  return Number(text);
};

const boolean = (text: string) => {
  const value = text.toLowerCase();
  if (value !== 'true' && value !== 'false') throw new Unreadable('must be true or false');
  return value === 'true';
};

const uuid = (text: string) => {
  if (!isUuid(text)) throw new Unreadable('must be a UUID');
  return text.toLowerCase();
};

const words = (max: number) => (text: string) => {
  if (text.length > max) throw new Unreadable(`must be at most ${max} characters`);
  return text.trim() || null;
};

/** RFC 3339 date-time with its offset. A query string reads `+` as a space, so `…T10:00:00 02:00` is taken as +02:00. */
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const datetime = (text: string) => {
  const spelled = text.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const parts = DATETIME.exec(spelled);
  const at = new Date(spelled);
  // A day the month does not have (2024-02-30) is refused, not rolled over into the next month.
  const [year, month, day] = (parts ?? []).slice(1, 4).map(Number);
  if (!parts || Number.isNaN(at.getTime()) || new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    throw new Unreadable('must be a date-time with its offset, such as 2025-01-31T09:00:00Z');
  }
  return at;
};

const FORMATS: readonly Format[] = ['json', 'ndjson'];
const format = (text: string) => {
  if (!FORMATS.includes(text as Format)) throw new Unreadable(`must be one of ${FORMATS.join(', ')}`);
  return text as Format;
};

const meters = (text: string) => {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > PROXIMITY_MAX) throw new Unreadable(`must be a number of meters above 0 and at most ${PROXIMITY_MAX}`);
  return value;
};

/** HSDS service statuses, as the model publishes them, and Beacon's for each. */
const HSDS_STATUSES = hsdsTable('service').fields.find((f) => f.name === 'status')!.values!;
const statuses = (text: string) => {
  const asked = text.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = asked.filter((s) => !HSDS_STATUSES.includes(s));
  if (!asked.length || unknown.length) throw new Unreadable(`must be a comma-separated list of ${HSDS_STATUSES.join(', ')}`);
  return [...new Set(asked.map((s) => s.toUpperCase().replace(/ /g, '_')))];
};

/** Each parameter by its HSDS name: the field of HsdsParams it fills, and how its text reads. */
const PARAMETERS = {
  search: { field: 'search', read: words(SEARCH_MAX) },
  page: { field: 'page', read: integer(1, PAGE_MAX) },
  per_page: { field: 'perPage', read: integer(1, PER_PAGE_MAX) },
  format: { field: 'format', read: format },
  taxonomy_term_id: { field: 'taxonomyTermId', read: uuid },
  taxonomy_id: { field: 'taxonomyId', read: uuid },
  organization_id: { field: 'organizationId', read: uuid },
  parent_id: { field: 'parentId', read: uuid },
  modified_after: { field: 'modifiedAfter', read: datetime },
  minimal: { field: 'minimal', read: boolean },
  full: { field: 'full', read: boolean },
  full_service: { field: 'fullService', read: boolean },
  top_only: { field: 'topOnly', read: boolean },
  postcode: { field: 'postcode', read: words(100) },
  proximity: { field: 'proximity', read: meters },
  status: { field: 'statuses', read: statuses },
} as const satisfies Record<string, { field: keyof HsdsParams; read: (text: string) => unknown }>;

type ParameterName = keyof typeof PARAMETERS;

const LIST: ParameterName[] = ['search', 'page', 'per_page', 'format'];
const TAXONOMY: ParameterName[] = ['taxonomy_term_id', 'taxonomy_id'];

/** The parameters of each path, as openapi.json lists them, and `status` (Beacon's extension) wherever services are listed. */
const PATH_PARAMETERS = {
  '/': [],
  '/services': [...LIST, ...TAXONOMY, 'organization_id', 'modified_after', 'minimal', 'full', 'status'],
  '/services/{id}': [],
  '/service_at_locations': [...LIST, ...TAXONOMY, 'organization_id', 'modified_after', 'full', 'postcode', 'proximity', 'status'],
  '/service_at_locations/{id}': [],
  '/organizations': [...LIST, ...TAXONOMY, 'full', 'full_service', 'status'],
  '/organizations/{id}': ['full_service', 'status'],
  '/taxonomies': LIST,
  '/taxonomies/{id}': [],
  '/taxonomy_terms': [...LIST, 'taxonomy_id', 'top_only', 'parent_id'],
  '/taxonomy_terms/{id}': [],
} as const satisfies Record<string, readonly ParameterName[]>;

export type HsdsPath = keyof typeof PATH_PARAMETERS;

/**
 * The query of a request to `path`, read and checked: a parameter the path does not take, one
 * given twice, or a value that does not read is BAD_USER_INPUT naming every such parameter.
 */
export function readParams(path: HsdsPath, query: Record<string, unknown>): HsdsParams {
  const allowed: readonly ParameterName[] = PATH_PARAMETERS[path];
  const problems = new FieldProblems();
  const params: HsdsParams = { ...DEFAULTS };
  for (const [name, value] of Object.entries(query)) {
    if (!allowed.includes(name as ParameterName)) {
      problems.add(name, allowed.length ? `is not a parameter of ${path} (it takes ${allowed.join(', ')})` : `is not a parameter of ${path} (it takes none)`);
    } else if (typeof value !== 'string') {
      problems.add(name, 'must be given once');
    } else {
      const parameter = PARAMETERS[name as ParameterName];
      try {
        const read = parameter.read(value);
        if (read !== null) Object.assign(params, { [parameter.field]: read });
      } catch (error) {
        if (!(error instanceof Unreadable)) throw error;
        problems.add(name, error.message);
      }
    }
  }
  problems.check(params.proximity === null || params.postcode !== null, 'proximity', 'needs postcode');
  problems.check(!(params.minimal && params.full), 'minimal', 'cannot be combined with full=true');
  problems.throwIfAny();
  return params;
}
