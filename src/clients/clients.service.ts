import type { Context } from '../context';
import { BadInput, FieldProblems, Forbidden, NotFound } from '../common/errors';
import { Keyset } from '../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { Role } from '../people/enums';
import { escapeLike } from '../common/sql';
import { Client, PERSONAL_FIELDS, type PersonalField } from './client.entity';
import type { Condition } from '../common/sql';
import { coachSide } from './client.policy';
import { checkDuplicates } from './duplicates';
import { ContactPreference } from './enums';
import type { CreateClientInput, UpdateClientInput } from './inputs';
import { auditClientReads, clientLoaders } from './loaders';
import { isActiveCoachOf, recordHandoff } from './reassignment';

const MAX_SEARCH = 500;

/** By alias, whatever its case. */
const BY_ALIAS = new Keyset('ASC', [
  { sql: 'lower(c.alias)', part: 'text' },
  { sql: 'c.id', part: 'uuid' },
]);

/** Coaches list their assigned clients, supervisors their organization's; by alias, keyset-paged; each listed client's read is audited. */
export async function listClients(ctx: Context, args: { search?: string | null; first?: number | null; after?: string | null }) {
  const side = coachSide(ctx.user);
  const page = BY_ALIAS.request(args.first, args.after);
  const search = searchText(args.search);
  const query = () => {
    const qb = ctx.em.createQueryBuilder(Client, 'c').where(side.sql, side.params);
    if (search) {
      qb.andWhere(
        "(c.alias ILIKE :q OR c.first_name ILIKE :q OR c.last_name ILIKE :q OR concat_ws(' ', c.first_name, c.last_name) ILIKE :q)",
        { q: `%${escapeLike(search)}%` },
      );
    }
    return qb;
  };
  const result = await BY_ALIAS.page(query, page);
  const shown = result.edges.map((edge) => edge.node);
  await auditClientReads(ctx, 'listClient', shown);
  // Already audited: a nested read of the same client in this request should not audit it twice.
  for (const client of shown) ctx.load(clientLoaders).byId.prime(client.id, client);
  return result;
}

/** Search text without control characters; over 500 characters is BAD_USER_INPUT. */
function searchText(search: string | null | undefined): string | null {
  const text = search?.replace(/\p{Cc}/gu, '').trim();
  if (!text) return null;
  if (text.length > MAX_SEARCH) throw BadInput.field('search', `must be at most ${MAX_SEARCH} characters`);
  return text;
}

/** The client if the viewer reaches it (audited as a read); null otherwise. */
export function getClient(ctx: Context, id: string) {
  return ctx.load(clientLoaders).byId.load(id);
}

/**
 * For caseload mutations: a client whose coach side the viewer is on, NOT_FOUND otherwise
 * (`notFound` names the record reached through the client, such as its goal).
 */
export function findCaseloadClient(ctx: Context, clientId: string, options: FindOptions = {}): Promise<Client> {
  return findClient(ctx, clientId, coachSide(ctx.viewer), options);
}

interface FindOptions {
  /** Lock the row for the rest of the transaction. */
  lock?: boolean;
  notFound?: NotFound;
}

async function findClient(ctx: Context, id: string, condition: Condition, options: FindOptions): Promise<Client> {
  const qb = ctx.em.createQueryBuilder(Client, 'c').where('c.id = :id', { id }).andWhere(condition.sql, condition.params);
  if (options.lock) qb.setLock('pessimistic_write');
  const client = await qb.getOne();
  if (!client) throw options.notFound ?? new NotFound('Client', id);
  return client;
}

export async function createClient(ctx: Context, input: CreateClientInput) {
  const viewer = ctx.user;
  if (viewer.role !== Role.COACH && viewer.role !== Role.SUPERVISOR) throw new Forbidden();
  return ctx.transaction(async (tx) => {
    const problems = new FieldProblems();
    const alias = input.alias.trim();
    problems.check(alias.length > 0, 'input.alias', 'must not be blank');
    const assignedCoachId = await assignee(tx, input.assignedCoachId ?? null, problems, viewer.organizationId!);
    problems.throwIfAny();

    const personal = {
      firstName: clean(input.firstName),
      lastName: clean(input.lastName),
      phone: clean(input.phone),
      email: clean(input.email),
      birthYear: input.birthYear ?? null,
      postalCode: clean(input.postalCode),
    };
    if (!input.allowDuplicate) await checkDuplicates(tx, viewer.organizationId!, personal);

    const client = await tx.em.save(
      tx.em.create(Client, {
        ...personal,
        organizationId: viewer.organizationId!,
        assignedCoachId: viewer.role === Role.COACH ? viewer.id : assignedCoachId,
        alias,
        languages: languages(input.languages),
        contactPreference: input.contactPreference ?? ContactPreference.PHONE,
      }),
    );
    await recordAudit(tx, { action: 'createClient', entityType: 'Client', entityId: client.id, subjectOrganizationId: client.organizationId });
    return client;
  });
}

/** An omitted field stays; an explicit null clears an optional one (alias and contactPreference cannot be cleared). */
export async function updateClient(ctx: Context, input: UpdateClientInput) {
  return ctx.transaction(async (tx) => {
    // The row lock orders concurrent updates; each changes only the fields it names, so none is lost.
    const client = await findCaseloadClient(tx, input.id, { lock: true });
    const problems = new FieldProblems();
    if (input.alias !== undefined) {
      const alias = input.alias?.trim() ?? '';
      if (alias) client.alias = alias;
      else problems.add('input.alias', 'cannot be cleared');
    }
    if (input.contactPreference === null) problems.add('input.contactPreference', 'cannot be cleared');
    else if (input.contactPreference !== undefined) client.contactPreference = input.contactPreference;
    const from = client.assignedCoachId;
    if (input.assignedCoachId !== undefined) client.assignedCoachId = await assignee(tx, input.assignedCoachId, problems, client.organizationId, from);
    problems.throwIfAny();
    // A move to another coach is a hand-off like any other (without a note); unassigning is not.
    if (client.assignedCoachId !== null && client.assignedCoachId !== from) await recordHandoff(tx, client.id, from, client.assignedCoachId, null);

    for (const field of PERSONAL_FIELDS) {
      const value = input[field];
      if (value !== undefined) (client as Record<PersonalField, unknown>)[field] = typeof value === 'string' ? clean(value) : value;
    }
    if (input.languages !== undefined) client.languages = languages(input.languages);
    await tx.em.save(client);
    await recordAudit(tx, { action: 'updateClient', entityType: 'Client', entityId: client.id, subjectOrganizationId: client.organizationId });
    return client;
  });
}

/**
 * Who a client is assigned to. A coach's clients are theirs: a coach may name only
 * themselves (or leave it as it is). A supervisor may assign any active coach of their
 * organization (share-locked until commit), or nobody.
 */
async function assignee(tx: Context, requested: string | null, problems: FieldProblems, organizationId: string, current: string | null = null): Promise<string | null> {
  const viewer = tx.user;
  if (viewer.role === Role.COACH) {
    problems.check(requested === viewer.id || requested === current, 'input.assignedCoachId', 'only a supervisor may assign a client to another coach');
    return viewer.id;
  }
  if (requested === null) return null;
  problems.check(await isActiveCoachOf(tx, requested, organizationId, { lock: true }), 'input.assignedCoachId', 'must be an active coach of your organization');
  return requested;
}

/** Optional text: trimmed, and blank is the same as absent. */
function clean(value: string | null | undefined): string | null {
  return value?.trim() || null;
}

function languages(list: string[] | null | undefined): string[] {
  return [...new Set((list ?? []).map((l) => l.trim()).filter(Boolean))];
}
