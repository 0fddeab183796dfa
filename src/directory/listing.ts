import { In } from 'typeorm';
import type { Context } from '../context';
import { Address } from './address.entity';
import { Attribute } from './attribute.entity';
import { CostOption } from './cost-option.entity';
import { ServiceStatus, WEEKDAYS, type Insurance, type Population, type ServiceCategory, type Weekday } from './enums';
import type { CostOptionInput, EligibilityInput, LocationInput } from './inputs';
import { Language } from './language.entity';
import { Location } from './location.entity';
import { Phone } from './phone.entity';
import { Schedule } from './schedule.entity';
import { ServiceAtLocation } from './service-at-location.entity';
import type { Service } from './service.entity';
import { BEACON_TAXONOMY_ID, TaxonomyTerm } from './taxonomy-term.entity';

/**
 * A listing as the agency edits it, in one canonical shape (fixed key order, defaults filled
 * in), read from the tables or built from an input. Comparing two of them field by field
 * gives the change record, and only the fields that differ are written.
 */
export interface Listing {
  name: string;
  description: string;
  category: ServiceCategory;
  status: ServiceStatus;
  taxonomyCodes: string[];
  locations: LocationShape[];
  languages: string[];
  eligibility: EligibilityShape;
  acceptedInsurance: Insurance[];
  costOptions: CostOptionShape[];
  applicationProcess: string | null;
  requiredDocuments: string[];
  url: string | null;
  email: string | null;
}

export type ListingField = keyof Listing;

interface AddressShape {
  address1: string;
  address2: string | null;
  city: string;
  stateProvince: string;
  postalCode: string;
  country: string;
}

interface LocationShape {
  name: string | null;
  confidential: boolean;
  address: AddressShape | null;
  latitude: number | null;
  longitude: number | null;
  timeZone: string;
  phones: { number: string; type: string | null; description: string | null }[];
  schedules: { weekday: Weekday; opensAt: string; closesAt: string }[];
  accessibility: string[];
}

interface EligibilityShape {
  minimumAge: number | null;
  maximumAge: number | null;
  populations: Population[];
  description: string | null;
}

interface CostOptionShape {
  option: string;
  amount: number | null;
  currency: string | null;
}

export function locationShape(input: LocationInput, defaultZone: string): LocationShape {
  const a = input.address;
  return {
    name: input.name?.trim() || null,
    confidential: input.confidential ?? false,
    address: a
      ? { address1: a.address1.trim(), address2: a.address2?.trim() || null, city: a.city.trim(), stateProvince: a.stateProvince.trim(), postalCode: a.postalCode.trim(), country: a.country.toUpperCase() }
      : null,
    latitude: input.latitude ?? null,
    longitude: input.longitude ?? null,
    timeZone: input.timeZone ?? defaultZone,
    phones: (input.phones ?? []).map((p) => ({ number: p.number.trim(), type: p.type ?? null, description: p.description ?? null })),
    // Stored hours read back by weekday and opening time; the same order here keeps an unchanged list unchanged.
    schedules: (input.schedules ?? [])
      .map((s) => ({ weekday: s.weekday, opensAt: s.opensAt, closesAt: s.closesAt }))
      .sort((x, y) => WEEKDAYS.indexOf(x.weekday) - WEEKDAYS.indexOf(y.weekday) || x.opensAt.localeCompare(y.opensAt)),
    accessibility: input.accessibility ?? [],
  };
}

/** The given eligibility over the current one: an omitted field stays, an explicit null clears. */
export function eligibilityShape(input: EligibilityInput, current: EligibilityShape): EligibilityShape {
  return {
    minimumAge: input.minimumAge === undefined ? current.minimumAge : input.minimumAge,
    maximumAge: input.maximumAge === undefined ? current.maximumAge : input.maximumAge,
    populations: input.populations === undefined ? current.populations : [...new Set(input.populations ?? [])],
    description: input.description === undefined ? current.description : input.description?.trim() || null,
  };
}

export const costOptionShape = (c: CostOptionInput): CostOptionShape => ({ option: c.option.trim(), amount: c.amount ?? null, currency: c.currency ?? null });

export const NO_ELIGIBILITY: EligibilityShape = { minimumAge: null, maximumAge: null, populations: [], description: null };

/** A new listing before its input applies: ACTIVE (DESIGN.md, Directory) and otherwise empty. */
export const emptyListing = (category: ServiceCategory): Listing => ({
  name: '',
  description: '',
  category,
  status: ServiceStatus.ACTIVE,
  taxonomyCodes: [],
  locations: [],
  languages: [],
  eligibility: NO_ELIGIBILITY,
  acceptedInsurance: [],
  costOptions: [],
  applicationProcess: null,
  requiredDocuments: [],
  url: null,
  email: null,
});

/** Reads a stored listing back into the canonical shape (a few queries; only mutations need it). */
export async function readListing(ctx: Context, service: Service): Promise<Listing> {
  const em = ctx.em;
  // One after another: inside a transaction every statement shares one connection.
  const terms = await em
    .createQueryBuilder(TaxonomyTerm, 't')
    .innerJoin(Attribute, 'a', 'a.taxonomy_term_id = t.id')
    .where('a.link_id = :id AND t.taxonomy_id = :beacon', { id: service.id, beacon: BEACON_TAXONOMY_ID })
    .orderBy('t.code')
    .getMany();
  const languages = await em.find(Language, { where: { serviceId: service.id }, order: { position: 'ASC' } });
  const costs = await em.find(CostOption, { where: { serviceId: service.id }, order: { position: 'ASC' } });
  const links = await em.find(ServiceAtLocation, { where: { serviceId: service.id }, order: { position: 'ASC' } });
  const locationIds = links.map((l) => l.locationId);
  const where = { locationId: In(locationIds) };
  const some = locationIds.length > 0;
  const locations = some ? await em.findBy(Location, { id: In(locationIds) }) : [];
  const addresses = some ? await em.findBy(Address, where) : [];
  const phones = some ? await em.find(Phone, { where, order: { position: 'ASC' } }) : [];
  const schedules = some ? await em.find(Schedule, { where, order: { byday: 'ASC', opensTime: 'ASC' } }) : [];
  const byId = new Map(locations.map((l) => [l.id, l]));
  return {
    name: service.name,
    description: service.description,
    category: service.category,
    status: service.status,
    taxonomyCodes: terms.map((t) => t.code),
    locations: locationIds.map((id) => {
      const l = byId.get(id)!;
      const a = addresses.find((x) => x.locationId === id);
      return {
        name: l.name,
        confidential: l.confidential,
        address: a ? { address1: a.address1, address2: a.address2, city: a.city, stateProvince: a.stateProvince, postalCode: a.postalCode, country: a.country } : null,
        latitude: l.latitude,
        longitude: l.longitude,
        timeZone: l.timeZone,
        phones: phones.filter((p) => p.locationId === id).map((p) => ({ number: p.number, type: p.type, description: p.description })),
        schedules: schedules.filter((s) => s.locationId === id).map((s) => ({ weekday: s.weekday, opensAt: s.opensAt, closesAt: s.closesAt })),
        accessibility: l.accessibility,
      };
    }),
    languages: languages.map((l) => l.code),
    eligibility: { minimumAge: service.minimumAge, maximumAge: service.maximumAge, populations: service.populations, description: service.eligibilityDescription },
    acceptedInsurance: service.acceptedInsurance,
    costOptions: costs.map(costOptionShape),
    applicationProcess: service.applicationProcess,
    requiredDocuments: service.requiredDocuments,
    url: service.url,
    email: service.email,
  };
}

/** Copies the listing's own columns onto the service row. */
export function assignColumns(service: Service, listing: Listing): void {
  Object.assign(service, {
    name: listing.name,
    description: listing.description,
    category: listing.category,
    status: listing.status,
    minimumAge: listing.eligibility.minimumAge,
    maximumAge: listing.eligibility.maximumAge,
    populations: listing.eligibility.populations,
    eligibilityDescription: listing.eligibility.description,
    acceptedInsurance: listing.acceptedInsurance,
    applicationProcess: listing.applicationProcess,
    requiredDocuments: listing.requiredDocuments,
    url: listing.url,
    email: listing.email,
  });
}

/**
 * Replaces the listed child rows (taxonomy links, locations with their address, phones and
 * hours, languages, cost options) for the fields in `fields`; a given list replaces the list.
 */
export async function writeChildren(tx: Context, service: Service, listing: Listing, fields: Set<ListingField>, terms: TaxonomyTerm[]): Promise<void> {
  const em = tx.em;
  const id = service.id;
  if (fields.has('taxonomyCodes')) {
    // Links to imported taxonomies (HSDS) stay: the listing's codes are Beacon's own terms.
    await em.query(`DELETE FROM attribute WHERE link_id = $1 AND taxonomy_term_id IN (SELECT id FROM taxonomy_term WHERE taxonomy_id = $2)`, [id, BEACON_TAXONOMY_ID]);
    if (terms.length) await em.insert(Attribute, terms.map((t) => ({ serviceId: id, taxonomyTermId: t.id })));
  }
  if (fields.has('languages')) {
    await em.delete(Language, { serviceId: id });
    if (listing.languages.length) await em.insert(Language, [...new Set(listing.languages)].map((code, position) => ({ serviceId: id, code, position })));
  }
  if (fields.has('costOptions')) {
    await em.delete(CostOption, { serviceId: id });
    if (listing.costOptions.length) await em.insert(CostOption, listing.costOptions.map((c, position) => ({ serviceId: id, ...c, position })));
  }
  if (fields.has('locations')) await replaceLocations(tx, service, listing.locations);
}

/** A service's locations are its own: replacing the list deletes the old ones (their address, phones and hours go with them). */
async function replaceLocations(tx: Context, service: Service, locations: LocationShape[]): Promise<void> {
  const em = tx.em;
  // HSDS records of the old locations (schedule rules, accessibility) go with them, as their address, phones and hours do.
  await em.query(
    `WITH gone AS (DELETE FROM location WHERE id IN (SELECT location_id FROM service_at_location WHERE service_id = $1) RETURNING id),
          rules AS (DELETE FROM hsds_schedule WHERE location_id IN (SELECT id FROM gone))
     DELETE FROM accessibility WHERE location_id IN (SELECT id FROM gone)`,
    [service.id],
  );
  if (!locations.length) return;
  const inserted = await em.insert(
    Location,
    locations.map((l) => ({ organizationId: service.organizationId, name: l.name, confidential: l.confidential, latitude: l.latitude, longitude: l.longitude, timeZone: l.timeZone, accessibility: l.accessibility })),
  );
  const ids: string[] = inserted.identifiers.map((i) => i.id);
  await em.insert(ServiceAtLocation, ids.map((locationId, position) => ({ serviceId: service.id, locationId, position })));
  const addresses = locations.flatMap((l, i) => (l.address ? [{ locationId: ids[i], ...l.address }] : []));
  const phones = locations.flatMap((l, i) => l.phones.map((p, position) => ({ locationId: ids[i], ...p, position })));
  const schedules = locations.flatMap((l, i) =>
    l.schedules.map((s) => ({ locationId: ids[i], byday: WEEKDAYS.indexOf(s.weekday) + 1, opensTime: s.opensAt, closesTime: s.closesAt })),
  );
  if (addresses.length) await em.insert(Address, addresses);
  if (phones.length) await em.insert(Phone, phones);
  if (schedules.length) await em.insert(Schedule, schedules);
}
