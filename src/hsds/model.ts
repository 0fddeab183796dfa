/**
 * The HSDS 3.1 tables as Beacon stores them: for each object its CSV file, its Beacon table and
 * its fields in the specification's order, with how each is read back as HSDS text and written
 * from it. Import, export and the /hsds API are all driven from here, so a field is mapped once.
 * A test compares this list with the official schemas (hsds/schema/*.json) field by field.
 */

export type HsdsType = 'uuid' | 'string' | 'number' | 'integer' | 'date' | 'datetime' | 'time' | 'email' | 'uri';

export interface HsdsField {
  name: string;
  type: HsdsType;
  /** HSDS requires it (the schema's `required`, and `tabular_required` for CSV rows). */
  required?: boolean;
  /** Required, but an empty text is a value (a description of nothing, a change from nothing). */
  empty?: boolean;
  values?: readonly string[];
  /** Bounds Beacon's columns hold (ages, coordinates). */
  min?: number;
  max?: number;
  /** SQL over the row alias `t`: the stored value as HSDS text, or a uuid (default from the type). */
  read?: string;
  /** SQL over a staged text value `$`: the column's value (default from the type). */
  write?: string;
  /** The HSDS table whose record this names, where Beacon keeps that link (the package or Beacon must hold it). */
  references?: string;
  /** Withheld from public readers when the row's location is confidential (SQL over `t` that is true then). */
  private?: string;
}

export interface HsdsTable {
  /** The HSDS object, as its schema file is named. */
  name: string;
  file: string;
  /** Beacon's table. */
  table: string;
  fields: HsdsField[];
  /**
   * Records Beacon keeps in its own shape and publishes as records of this table (a SELECT of
   * every field as HSDS text, under the same names): weekly hours typed in Beacon, a required
   * document typed as a line of text.
   */
  own?: string;
  /** Rows public readers never see (SQL over `t`, true to hide). */
  hidden?: string;
}

const DATETIME = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const readers: Record<HsdsType, (column: string) => string> = {
  // Left a uuid so that a filter on it reaches the column's index; the driver reads it as text.
  uuid: (c) => c,
  string: (c) => c,
  email: (c) => c,
  uri: (c) => c,
  number: (c) => `${c}::text`,
  integer: (c) => `${c}::text`,
  date: (c) => `to_char(${c}, 'YYYY-MM-DD')`,
  datetime: (c) => `to_char(${c} AT TIME ZONE 'UTC', ${DATETIME})`,
  time: (c) => `to_char(${c}, 'HH24:MI:SS')`,
};
const writers: Record<HsdsType, string> = {
  uuid: '$::uuid',
  string: '$',
  email: '$',
  uri: '$',
  number: '$::numeric',
  integer: '$::int',
  date: '$::date',
  datetime: '$::timestamptz',
  time: '$::time',
};

/** The SQL reading field `f` of the row under alias `t` as HSDS text. */
export const readSql = (f: HsdsField) => f.read ?? readers[f.type](`t.${f.name}`);
/** The SQL writing the staged text `value` into field `f`'s column. */
export const writeSql = (f: HsdsField, value: string) => (f.write ?? writers[f.type]).replace(/\$/g, value);

const id: HsdsField = { name: 'id', type: 'uuid', required: true };
const ref = (name: string, required = false, references?: string): HsdsField => ({ name, type: 'uuid', required, references });
const text = (name: string, required = false): HsdsField => ({ name, type: 'string', required });
const uri = (name: string): HsdsField => ({ name, type: 'uri' });
/** A timestamp column that HSDS reads as a date. */
const dateOfTimestamp = (name: string, required = false): HsdsField => ({
  name,
  type: 'date',
  required,
  read: `to_char(t.${name} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
  write: `($::date)::timestamp AT TIME ZONE 'UTC'`,
});
const WEEKDAYS = `(ARRAY['MO','TU','WE','TH','FR','SA','SU'])`;
/**
 * SQL: the id of the n-th entry of a list Beacon keeps as text on `owner` (SQL): the same on
 * every export, and in the list's order (a hash of the owner, then n), so that the records of
 * one owner, read back by id, keep their order.
 */
const listedId = (owner: string, list: string, n: string) => `(left(md5(${owner} || ':${list}'), 28) || lpad(to_hex(${n}), 4, '0'))::uuid`;
/** True when the location `locationId` (SQL) is confidential: its address and coordinates are withheld from public readers. */
const confidentialLocation = (locationId: string) => `EXISTS (SELECT 1 FROM location cl WHERE cl.id = ${locationId} AND cl.confidential)`;
const ADDRESS_TYPES = ['physical', 'postal', 'virtual'] as const;

export const HSDS_TABLES: HsdsTable[] = [
  {
    name: 'organization',
    file: 'organizations.csv',
    table: 'organization',
    fields: [
      id,
      text('name', true),
      text('alternate_name'),
      { ...text('description', true), empty: true },
      { name: 'email', type: 'email' },
      uri('website'),
      text('tax_status'),
      text('tax_id'),
      { name: 'year_incorporated', type: 'integer', min: 1000, max: 9999 },
      text('legal_status'),
      text('logo'),
      uri('uri'),
      ref('parent_organization_id'),
    ],
  },
  {
    name: 'program',
    file: 'programs.csv',
    table: 'program',
    fields: [id, ref('organization_id', true), text('name', true), text('alternate_name'), { ...text('description', true), empty: true }],
  },
  {
    name: 'service',
    file: 'services.csv',
    table: 'service',
    fields: [
      id,
      ref('organization_id', true, 'organization'),
      ref('program_id'),
      text('name', true),
      text('alternate_name'),
      { name: 'description', type: 'string', read: `nullif(t.description, '')`, write: `coalesce($, '')` },
      uri('url'),
      { name: 'email', type: 'email' },
      {
        name: 'status',
        type: 'string',
        required: true,
        values: ['active', 'inactive', 'defunct', 'temporarily closed'],
        read: `lower(replace(t.status, '_', ' '))`,
        write: `upper(replace($, ' ', '_'))`,
      },
      text('interpretation_services'),
      text('application_process'),
      text('fees_description'),
      text('wait_time'),
      text('fees'),
      text('accreditations'),
      text('eligibility_description'),
      { name: 'minimum_age', type: 'integer', min: 0, max: 120 },
      { name: 'maximum_age', type: 'integer', min: 0, max: 120 },
      dateOfTimestamp('assured_date'),
      { name: 'assurer_email', type: 'email' },
      text('licenses'),
      text('alert'),
      // Beacon's own edits move updated_at; an imported value stands until then.
      { name: 'last_modified', type: 'datetime', read: `to_char(greatest(t.last_modified, t.updated_at) AT TIME ZONE 'UTC', ${DATETIME})` },
    ],
  },
  {
    name: 'attribute',
    file: 'attributes.csv',
    table: 'attribute',
    fields: [id, ref('link_id', true), ref('taxonomy_term_id', true, 'taxonomy_term'), text('link_type'), text('link_entity', true), text('value'), text('label')],
  },
  {
    name: 'service_at_location',
    file: 'service_at_location.csv',
    table: 'service_at_location',
    fields: [id, ref('service_id', true, 'service'), ref('location_id', true, 'location'), text('description')],
  },
  {
    name: 'location',
    file: 'locations.csv',
    table: 'location',
    fields: [
      id,
      { name: 'location_type', type: 'string', required: true, values: ADDRESS_TYPES },
      uri('url'),
      ref('organization_id'),
      text('name'),
      text('alternate_name'),
      text('description'),
      { ...text('transportation'), private: 't.confidential' },
      { name: 'latitude', type: 'number', min: -180, max: 180, private: 't.confidential' },
      { name: 'longitude', type: 'number', min: -180, max: 180, private: 't.confidential' },
      { ...text('external_identifier'), private: 't.confidential' },
      { ...text('external_identifier_type'), private: 't.confidential' },
    ],
  },
  {
    name: 'phone',
    file: 'phones.csv',
    table: 'phone',
    fields: [
      id,
      ref('location_id', false, 'location'),
      ref('service_id'),
      ref('organization_id'),
      ref('contact_id'),
      ref('service_at_location_id'),
      text('number', true),
      { name: 'extension', type: 'number' },
      text('type'),
      text('description'),
    ],
  },
  {
    name: 'contact',
    file: 'contacts.csv',
    table: 'contact',
    fields: [
      id,
      ref('organization_id'),
      ref('service_id'),
      ref('service_at_location_id'),
      ref('location_id'),
      text('name'),
      text('title'),
      text('department'),
      { name: 'email', type: 'email' },
    ],
  },
  {
    name: 'address',
    file: 'addresses.csv',
    table: 'address',
    fields: [
      id,
      ref('location_id', true, 'location'),
      text('attention'),
      text('address_1', true),
      text('address_2'),
      text('city', true),
      text('region'),
      text('state_province', true),
      text('postal_code', true),
      text('country', true),
      { name: 'address_type', type: 'string', required: true, values: ADDRESS_TYPES },
    ],
    hidden: confidentialLocation('t.location_id'),
  },
  {
    name: 'schedule',
    file: 'schedules.csv',
    table: 'hsds_schedule',
    fields: [
      id,
      ref('service_id'),
      ref('location_id'),
      ref('service_at_location_id'),
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      { name: 'dtstart', type: 'date' },
      { name: 'timezone', type: 'number', min: -24, max: 24 },
      { name: 'until', type: 'date' },
      { name: 'count', type: 'integer', min: 0 },
      { name: 'wkst', type: 'string', values: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] },
      { name: 'freq', type: 'string', values: ['WEEKLY', 'MONTHLY'] },
      { name: 'interval', type: 'integer', min: 1 },
      text('byday'),
      text('byweekno'),
      text('bymonthday'),
      text('byyearday'),
      text('description'),
      { name: 'opens_at', type: 'time' },
      { name: 'closes_at', type: 'time' },
      uri('schedule_link'),
      text('attending_type'),
      text('notes'),
    ],
    // Hours typed in Beacon: one weekly opening a row.
    own: `SELECT sc.id, NULL::uuid AS service_id, sc.location_id, NULL::uuid AS service_at_location_id,
                 NULL AS valid_from, NULL AS valid_to, NULL AS dtstart, NULL AS timezone, NULL AS until, NULL AS count, NULL AS wkst,
                 'WEEKLY' AS freq, NULL AS interval, ${WEEKDAYS}[sc.byday] AS byday, NULL AS byweekno, NULL AS bymonthday, NULL AS byyearday,
                 NULL AS description, to_char(sc.opens_at, 'HH24:MI:SS') AS opens_at, to_char(sc.closes_at, 'HH24:MI:SS') AS closes_at,
                 NULL AS schedule_link, NULL AS attending_type, NULL AS notes
            FROM schedule sc WHERE sc.source_id IS NULL`,
  },
  {
    name: 'funding',
    file: 'funding.csv',
    table: 'funding',
    fields: [id, ref('organization_id'), ref('service_id'), text('source')],
  },
  {
    name: 'service_area',
    file: 'service_areas.csv',
    table: 'service_area',
    fields: [id, ref('service_id'), ref('service_at_location_id'), text('name'), text('description'), text('extent'), text('extent_type'), text('uri')],
  },
  {
    name: 'required_document',
    file: 'required_documents.csv',
    table: 'required_document',
    fields: [id, ref('service_id'), text('document'), uri('uri')],
    // A document typed in Beacon as a line of text, with an id derived from its service and place.
    own: `SELECT ${listedId('s.id', 'required_document', 'd.n')} AS id, s.id AS service_id, d.document, NULL AS uri
            FROM service s CROSS JOIN LATERAL unnest(s.required_documents) WITH ORDINALITY AS d (document, n)
           WHERE NOT EXISTS (SELECT 1 FROM required_document r WHERE r.service_id = s.id)`,
  },
  {
    name: 'language',
    file: 'languages.csv',
    table: 'language',
    fields: [id, ref('service_id', false, 'service'), ref('location_id'), ref('phone_id'), text('name'), text('code'), text('note')],
  },
  {
    name: 'accessibility',
    file: 'accessibility.csv',
    table: 'accessibility',
    fields: [id, ref('location_id'), text('description'), text('details'), uri('url')],
    own: `SELECT ${listedId('l.id', 'accessibility', 'a.n')} AS id, l.id AS location_id, a.description, NULL AS details, NULL AS url
            FROM location l CROSS JOIN LATERAL unnest(l.accessibility) WITH ORDINALITY AS a (description, n)
           WHERE NOT EXISTS (SELECT 1 FROM accessibility r WHERE r.location_id = l.id)`,
  },
  {
    name: 'taxonomy_term',
    file: 'taxonomy_terms.csv',
    table: 'taxonomy_term',
    fields: [
      id,
      text('code'),
      text('name', true),
      // Some of Beacon's own terms have no description; HSDS requires one.
      { name: 'description', type: 'string', required: true, empty: true, read: `coalesce(t.description, '')` },
      ref('parent_id'),
      text('taxonomy'),
      text('language'),
      ref('taxonomy_id'),
      uri('term_uri'),
    ],
  },
  {
    name: 'metadata',
    file: 'metadata.csv',
    table: 'metadata',
    fields: [
      id,
      ref('resource_id', true),
      text('resource_type', true),
      dateOfTimestamp('last_action_date', true),
      text('last_action_type', true),
      text('field_name', true),
      { name: 'previous_value', type: 'string', required: true, empty: true, read: `coalesce(t.previous_value #>> '{}', '')`, write: 'to_jsonb($)' },
      { name: 'replacement_value', type: 'string', required: true, empty: true, read: `coalesce(t.replacement_value #>> '{}', '')`, write: 'to_jsonb($)' },
      // Beacon's own change records name the person only inside Beacon: published, they say Beacon.
      { name: 'updated_by', type: 'string', required: true, read: `coalesce(t.updated_by, 'Beacon')` },
    ],
    // A change to a confidential location (or its address) would tell where it was or went, and
    // Beacon's own record of a service's locations holds them whole.
    hidden: `((t.updated_by IS NULL AND t.field_name = 'locations') OR ${confidentialLocation('t.resource_id')} OR EXISTS (SELECT 1 FROM address ca JOIN location cl ON cl.id = ca.location_id AND cl.confidential WHERE ca.id = t.resource_id))`,
  },
  {
    name: 'meta_table_description',
    file: 'meta_table_descriptions.csv',
    table: 'meta_table_description',
    fields: [id, text('name'), text('language'), text('character_set')],
  },
  {
    name: 'cost_option',
    file: 'cost_options.csv',
    table: 'cost_option',
    fields: [
      id,
      ref('service_id', true, 'service'),
      { name: 'valid_from', type: 'date' },
      { name: 'valid_to', type: 'date' },
      text('option'),
      text('currency'),
      { name: 'amount', type: 'number', min: 0 },
      text('amount_description'),
    ],
  },
  {
    name: 'organization_identifier',
    file: 'organization_identifiers.csv',
    table: 'organization_identifier',
    fields: [id, ref('organization_id', true), text('identifier_scheme'), text('identifier_type', true), text('identifier', true)],
  },
  {
    name: 'taxonomy',
    file: 'taxonomies.csv',
    table: 'taxonomy',
    fields: [id, text('name', true), { ...text('description', true), empty: true }, uri('uri'), text('version')],
  },
  {
    name: 'service_capacity',
    file: 'service_capacity.csv',
    table: 'service_capacity',
    fields: [
      id,
      ref('service_id', true),
      // A capacity typed in Beacon names its unit by a word ("beds"), published as a unit record.
      { name: 'unit_id', type: 'uuid', required: true, read: `coalesce(t.unit_id, md5('unit:' || t.unit)::uuid)` },
      { name: 'available', type: 'integer', required: true, min: 0 },
      { name: 'maximum', type: 'integer', min: 0 },
      text('description'),
      { name: 'updated', type: 'datetime', required: true },
    ],
  },
  {
    name: 'unit',
    file: 'units.csv',
    table: 'unit',
    fields: [id, text('name', true), text('scheme'), text('identifier'), uri('uri')],
    own: `SELECT DISTINCT md5('unit:' || c.unit)::uuid AS id, c.unit AS name, NULL AS scheme, NULL AS identifier, NULL AS uri
            FROM service_capacity c WHERE c.unit_id IS NULL`,
  },
  {
    name: 'url',
    file: 'url.csv',
    table: 'url',
    fields: [id, text('label'), { name: 'url', type: 'uri', required: true }, ref('organization_id'), ref('service_id')],
  },
];

export const hsdsTable = (name: string): HsdsTable => {
  const table = HSDS_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`no HSDS table ${name}`);
  return table;
};

/**
 * How the compiled (nested) forms hang together: under `key`, the records of `table` whose `fk`
 * is the parent's id, or (`one`) the single record whose id is the parent's `one` field.
 */
export interface HsdsRelation {
  key: string;
  table: string;
  fk?: string;
  one?: string;
}

const attributes: HsdsRelation = { key: 'attributes', table: 'attribute', fk: 'link_id' };
const metadata: HsdsRelation = { key: 'metadata', table: 'metadata', fk: 'resource_id' };

export const HSDS_RELATIONS: Record<string, HsdsRelation[]> = {
  service: [
    { key: 'additional_urls', table: 'url', fk: 'service_id' },
    { key: 'phones', table: 'phone', fk: 'service_id' },
    { key: 'schedules', table: 'schedule', fk: 'service_id' },
    { key: 'service_areas', table: 'service_area', fk: 'service_id' },
    { key: 'service_at_locations', table: 'service_at_location', fk: 'service_id' },
    { key: 'languages', table: 'language', fk: 'service_id' },
    { key: 'organization', table: 'organization', one: 'organization_id' },
    { key: 'funding', table: 'funding', fk: 'service_id' },
    { key: 'cost_options', table: 'cost_option', fk: 'service_id' },
    { key: 'program', table: 'program', one: 'program_id' },
    { key: 'required_documents', table: 'required_document', fk: 'service_id' },
    { key: 'contacts', table: 'contact', fk: 'service_id' },
    { key: 'capacities', table: 'service_capacity', fk: 'service_id' },
    attributes,
    metadata,
  ],
  organization: [
    { key: 'additional_websites', table: 'url', fk: 'organization_id' },
    { key: 'funding', table: 'funding', fk: 'organization_id' },
    { key: 'contacts', table: 'contact', fk: 'organization_id' },
    { key: 'phones', table: 'phone', fk: 'organization_id' },
    { key: 'locations', table: 'location', fk: 'organization_id' },
    { key: 'programs', table: 'program', fk: 'organization_id' },
    { key: 'organization_identifiers', table: 'organization_identifier', fk: 'organization_id' },
    attributes,
    metadata,
    { key: 'services', table: 'service', fk: 'organization_id' },
  ],
  service_at_location: [
    { key: 'service_areas', table: 'service_area', fk: 'service_at_location_id' },
    { key: 'contacts', table: 'contact', fk: 'service_at_location_id' },
    { key: 'phones', table: 'phone', fk: 'service_at_location_id' },
    { key: 'schedules', table: 'schedule', fk: 'service_at_location_id' },
    { key: 'location', table: 'location', one: 'location_id' },
    attributes,
    metadata,
  ],
  location: [
    { key: 'languages', table: 'language', fk: 'location_id' },
    { key: 'addresses', table: 'address', fk: 'location_id' },
    { key: 'contacts', table: 'contact', fk: 'location_id' },
    { key: 'accessibility', table: 'accessibility', fk: 'location_id' },
    { key: 'phones', table: 'phone', fk: 'location_id' },
    { key: 'schedules', table: 'schedule', fk: 'location_id' },
    attributes,
    metadata,
  ],
  phone: [{ key: 'languages', table: 'language', fk: 'phone_id' }, attributes, metadata],
  contact: [{ key: 'phones', table: 'phone', fk: 'contact_id' }, attributes, metadata],
  service_capacity: [{ key: 'unit', table: 'unit', one: 'unit_id' }, attributes, metadata],
  attribute: [{ key: 'taxonomy_term', table: 'taxonomy_term', one: 'taxonomy_term_id' }, metadata],
  taxonomy_term: [{ key: 'taxonomy_detail', table: 'taxonomy', one: 'taxonomy_id' }, metadata],
  taxonomy: [metadata],
  // A change record nests nothing: metadata.json has no attributes (the default below would give it some).
  metadata: [],
};
/** Every other object nests its attributes and metadata only. */
export const relationsOf = (table: string): HsdsRelation[] => HSDS_RELATIONS[table] ?? [attributes, metadata];
