import type { Context } from '../context';
import { NotFound } from '../common/errors';
import { escapeLike } from '../common/sql';
import { Keyset } from '../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { Role, type OrganizationKind } from './enums';
import type { CreateOrganizationInput, UpdateOrganizationInput } from './inputs';
import { organizationLoaders } from './loaders';
import { Organization } from './organization.entity';

/** By name, whatever its case. */
const BY_NAME = new Keyset('ASC', [
  { sql: 'lower(o.name)', part: 'text' },
  { sql: 'o.id', part: 'uuid' },
]);

/** Organizations are public: anyone may list and read them. */
export async function listOrganizations(
  ctx: Context,
  args: { kinds?: OrganizationKind[] | null; search?: string | null; first?: number | null; after?: string | null },
) {
  const page = BY_NAME.request(args.first, args.after);
  const query = () => {
    const qb = ctx.em.createQueryBuilder(Organization, 'o');
    if (args.kinds?.length) qb.andWhere('o.kinds && :kinds', { kinds: args.kinds });
    if (args.search?.trim()) qb.andWhere('o.name ILIKE :search', { search: `%${escapeLike(args.search.trim())}%` });
    return qb;
  };
  return BY_NAME.page(query, page);
}

export function getOrganization(ctx: Context, id: string) {
  return ctx.load(organizationLoaders).byId.load(id);
}

export async function createOrganization(ctx: Context, input: CreateOrganizationInput) {
  return ctx.transaction(async (tx) => {
    const organization = await tx.em.save(
      tx.em.create(Organization, {
        name: input.name.trim(),
        description: input.description,
        kinds: [...new Set(input.kinds)],
        email: input.email ?? null,
        website: input.website ?? null,
        phone: input.phone ?? null,
      }),
    );
    await recordAudit(tx, { action: 'createOrganization', entityType: 'Organization', entityId: organization.id });
    return organization;
  });
}

/** Admins change any organization; agency staff only their own (another is answered as not found). */
export async function updateOrganization(ctx: Context, input: UpdateOrganizationInput) {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    const organization = await tx.em.findOne(Organization, { where: { id: input.id }, lock: { mode: 'pessimistic_write' } });
    if (!organization || (viewer.role !== Role.ADMIN && viewer.organizationId !== organization.id)) {
      throw new NotFound('Organization', input.id);
    }
    if (input.name != null) organization.name = input.name.trim();
    if (input.description != null) organization.description = input.description;
    if (input.email !== undefined) organization.email = input.email;
    if (input.website !== undefined) organization.website = input.website;
    if (input.phone !== undefined) organization.phone = input.phone;
    await tx.em.save(organization);
    await recordAudit(tx, { action: 'updateOrganization', entityType: 'Organization', entityId: organization.id });
    return organization;
  });
}
