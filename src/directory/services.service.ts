import type { Context } from '../context';
import { BadInput, Conflict, FieldProblems, NotFound } from '../common/errors';
import { Page } from '../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { OrganizationKind, Role } from '../people/enums';
import { Organization } from '../people/organization.entity';
import type { User } from '../people/user.entity';
import { ServiceCapacity } from './capacity.entity';
import { diff, recordChanges } from './change-records';
import { ServiceStatus } from './enums';
import type { CreateServiceInput, UpdateCapacityInput, UpdateServiceInput } from './inputs';
import {
  NO_ELIGIBILITY,
  assignColumns,
  emptyListing,
  costOptionShape,
  eligibilityShape,
  locationShape,
  readListing,
  writeChildren,
  type Listing,
  type ListingField,
} from './listing';
import { SERVICES_BY_NAME, organizationServiceLoaders, serviceLoaders } from './loaders';
import { primeServiceCards, serviceCardSql, type ServiceParts } from './service-cards';
import { Service } from './service.entity';
import { termsForCodes } from './taxonomy.service';

/** Anyone may read a listing by id (the directory is public). */
export function getService(ctx: Context, id: string) {
  return ctx.load(serviceLoaders).byId.load(id);
}

/** Admins manage any listing, agency staff their own organization's. */
function manages(viewer: User | null, organizationId: string): boolean {
  return viewer?.role === Role.ADMIN || (viewer?.role === Role.AGENCY_STAFF && viewer.organizationId === organizationId);
}

/** The service locked for a change; one the viewer may not manage is answered as not found. */
async function lockManagedService(tx: Context, id: string): Promise<Service> {
  const service = await tx.em.findOne(Service, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!service || !manages(tx.user, service.organizationId)) throw new NotFound('Service', id);
  return service;
}

/** Agency staff create for their own organization; admins name any provider. */
async function owningOrganization(ctx: Context, organizationId: string | null | undefined): Promise<string> {
  const viewer = ctx.user;
  if (viewer.role !== Role.ADMIN) {
    if (organizationId && organizationId !== viewer.organizationId) throw new NotFound('Organization', organizationId);
    return viewer.organizationId!;
  }
  if (!organizationId) throw BadInput.field('input.organizationId', 'is required when an admin creates a service');
  const organization = await ctx.em.findOneBy(Organization, { id: organizationId });
  if (!organization) throw new NotFound('Organization', organizationId);
  if (!organization.kinds.includes(OrganizationKind.PROVIDER)) throw BadInput.field('input.organizationId', 'must be a provider organization');
  return organization.id;
}

/** What createService and updateService both give: the listing's fields, any of them omitted. */
type ListingInput = Omit<Partial<UpdateServiceInput>, 'id' | 'expectedVersion'>;

const LIST_FIELDS: ListingField[] = ['taxonomyCodes', 'locations', 'languages', 'costOptions'];
const SEARCHED_FIELDS: ListingField[] = ['name', 'description', 'taxonomyCodes'];

/** The listing after applying the given input fields to `current`: omitted fields stay, a given list replaces the list. */
function applyInput(current: Listing, input: ListingInput, defaultZone: string): Listing {
  const next = { ...current };
  if (input.name != null) next.name = input.name.trim();
  if (input.description != null) next.description = input.description;
  if (input.category != null) next.category = input.category;
  if (input.status != null) next.status = input.status;
  if (input.taxonomyCodes !== undefined) next.taxonomyCodes = [...new Set(input.taxonomyCodes ?? [])].sort();
  if (input.locations !== undefined) next.locations = (input.locations ?? []).map((l) => locationShape(l, defaultZone));
  if (input.languages !== undefined) next.languages = [...new Set(input.languages ?? [])];
  if (input.eligibility !== undefined) next.eligibility = input.eligibility ? eligibilityShape(input.eligibility, current.eligibility) : NO_ELIGIBILITY;
  if (input.acceptedInsurance !== undefined) next.acceptedInsurance = [...new Set(input.acceptedInsurance ?? [])];
  if (input.costOptions !== undefined) next.costOptions = (input.costOptions ?? []).map(costOptionShape);
  if (input.applicationProcess !== undefined) next.applicationProcess = input.applicationProcess?.trim() || null;
  if (input.requiredDocuments !== undefined) next.requiredDocuments = input.requiredDocuments ?? [];
  if (input.url !== undefined) next.url = input.url ?? null;
  if (input.email !== undefined) next.email = input.email ?? null;
  return next;
}

/** Rules the input types cannot state alone: required fields not cleared, known taxonomy codes, ages in order after merging. */
async function checkListing(ctx: Context, input: ListingInput, next: Listing) {
  const problems = new FieldProblems();
  for (const field of ['name', 'description', 'category', 'status'] as const) {
    problems.check(input[field] !== null, `input.${field}`, 'cannot be cleared');
  }
  const terms = await termsForCodes(ctx, input.taxonomyCodes ?? [], 'input.taxonomyCodes', problems);
  const { minimumAge, maximumAge } = next.eligibility;
  problems.check(minimumAge == null || maximumAge == null || minimumAge <= maximumAge, 'input.eligibility.minimumAge', 'must not be above maximumAge');
  problems.throwIfAny();
  return input.taxonomyCodes === undefined ? [] : terms;
}

async function refreshSearch(tx: Context, serviceId: string) {
  await tx.em.query('SELECT service_search_refresh($1)', [[serviceId]]);
}

export async function createService(ctx: Context, input: CreateServiceInput): Promise<Service> {
  const organizationId = await owningOrganization(ctx, input.organizationId);
  const empty = emptyListing(input.category);
  const listing = applyInput(empty, input, ctx.config.defaultTimeZone);
  const terms = await checkListing(ctx, input, listing);
  return ctx.transaction(async (tx) => {
    const service = tx.em.create(Service, { organizationId, version: 1, lastVerifiedAt: null });
    assignColumns(service, listing);
    await tx.em.save(service);
    await writeChildren(tx, service, listing, new Set(LIST_FIELDS), terms);
    const capacity = input.capacity && { available: input.capacity.available, maximum: input.capacity.maximum ?? null, unit: input.capacity.unit.trim() };
    if (capacity) await tx.em.insert(ServiceCapacity, { serviceId: service.id, ...capacity, updatedAt: new Date() });
    await refreshSearch(tx, service.id);
    const changes = diff(empty, listing, Object.keys(listing) as ListingField[]);
    if (capacity) changes.push({ field: 'capacity', previous: null, next: capacity });
    await recordChanges(tx, service.id, 'create', changes);
    await recordAudit(tx, { action: 'createService', entityType: 'Service', entityId: service.id });
    return tx.em.findOneByOrFail(Service, { id: service.id });
  });
}

/** Only the given fields change; a stale expectedVersion is a CONFLICT and changes nothing. */
export async function updateService(ctx: Context, input: UpdateServiceInput): Promise<Service> {
  return ctx.transaction(async (tx) => {
    const service = await lockManagedService(tx, input.id);
    if (service.version !== input.expectedVersion) {
      throw new Conflict(`The listing changed since version ${input.expectedVersion}; reload it and try again.`, service.version);
    }
    const before = await readListing(tx, service);
    const after = applyInput(before, input, tx.config.defaultTimeZone);
    const terms = await checkListing(tx, input, after);
    const changes = diff(before, after, Object.keys(after) as ListingField[]);
    if (changes.length) {
      const changed = new Set(changes.map((c) => c.field as ListingField));
      assignColumns(service, after);
      service.version += 1;
      service.updatedAt = new Date();
      await tx.em.save(service);
      await writeChildren(tx, service, after, changed, terms);
      if (SEARCHED_FIELDS.some((f) => changed.has(f))) await refreshSearch(tx, service.id);
      await recordChanges(tx, service.id, changed.has('status') && changed.size === 1 ? 'status' : 'update', changes);
    }
    await recordAudit(tx, { action: 'updateService', entityType: 'Service', entityId: service.id });
    return service;
  });
}

/** The one-tap "beds open" update: stamps the figure's time; an omitted maximum or unit stays. */
export async function updateCapacity(ctx: Context, input: UpdateCapacityInput): Promise<Service> {
  return ctx.transaction(async (tx) => {
    const service = await lockManagedService(tx, input.serviceId);
    const current = await tx.em.findOneBy(ServiceCapacity, { serviceId: service.id });
    const maximum = input.maximum === undefined ? current?.maximum ?? null : input.maximum;
    const unit = input.unit?.trim() || current?.unit;
    const problems = new FieldProblems();
    problems.check(maximum == null || input.available <= maximum, 'input.available', `must not be above maximum (${maximum})`);
    problems.check(unit !== undefined, 'input.unit', 'is required for the first capacity figure');
    problems.throwIfAny();
    const next = { available: input.available, maximum, unit: unit! };
    const previous = current ? { available: current.available, maximum: current.maximum, unit: current.unit } : null;
    await tx.em.upsert(ServiceCapacity, { serviceId: service.id, ...next, updatedAt: new Date() }, ['serviceId']);
    service.version += 1;
    service.updatedAt = new Date();
    await tx.em.save(service);
    await recordChanges(tx, service.id, 'capacity', [{ field: 'capacity', previous, next }]);
    await recordAudit(tx, { action: 'updateCapacity', entityType: 'Service', entityId: service.id });
    return service;
  });
}

/** Confirms the listing is accurate today (HSDS assured_date). */
export async function verifyService(ctx: Context, id: string): Promise<Service> {
  return ctx.transaction(async (tx) => {
    const service = await lockManagedService(tx, id);
    const previous = service.lastVerifiedAt;
    service.lastVerifiedAt = new Date();
    service.version += 1;
    service.updatedAt = service.lastVerifiedAt;
    await tx.em.save(service);
    await recordChanges(tx, service.id, 'verify', [{ field: 'lastVerifiedAt', previous, next: service.lastVerifiedAt }]);
    await recordAudit(tx, { action: 'verifyService', entityType: 'Service', entityId: service.id });
    return service;
  });
}

/**
 * Organization.services: every status by default for the organization's own staff and admins, ACTIVE
 * for everyone else; by lower(name), id. One statement for the page and the `parts` its services'
 * fields read (their cards, primed into the loaders); batched: the organizations of one list share it.
 */
export async function organizationServices(
  ctx: Context,
  organizationId: string,
  args: { statuses?: ServiceStatus[] | null; first?: number | null; after?: string | null; parts: ServiceParts },
) {
  const page = SERVICES_BY_NAME.request(args.first, args.after);
  const asked = args.statuses?.length ? args.statuses : manages(ctx.viewer, organizationId) ? Object.values(ServiceStatus) : [ServiceStatus.ACTIVE];
  const statuses = [...new Set(asked)].sort();
  const loaders = ctx.load(organizationServiceLoaders);
  const cards = await loaders.page.load({ organizationId, statuses, limit: page.first + 1, after: page.after, card: serviceCardSql(ctx, args.parts) });
  const services = primeServiceCards(ctx, cards.map((edge) => edge.node));
  const edges = cards.map(({ cursor, node }) => ({ cursor, node: services.get(node.service.id as string)! }));
  return new Page(edges, page, () => loaders.count.load({ organizationId, statuses }));
}
