import type { Context } from '../context';
import { FieldProblems } from '../common/errors';
import { recordAudit } from '../audit/audit.service';
import { OrganizationKind, Role } from './enums';
import { Grant } from './grant.entity';
import type { CreateGrantInput } from './inputs';
import { Organization } from './organization.entity';

/** Funders see the grants they give (naming another funder finds none); admins all, narrowed by the arguments. */
export async function listGrants(ctx: Context, args: { funderId?: string | null; granteeId?: string | null }) {
  const viewer = ctx.user;
  const qb = ctx.em.createQueryBuilder(Grant, 'g');
  if (viewer.role === Role.FUNDER) qb.andWhere('g.funder_id = :own', { own: viewer.organizationId });
  if (args.funderId) qb.andWhere('g.funder_id = :funderId', { funderId: args.funderId });
  if (args.granteeId) qb.andWhere('g.grantee_id = :granteeId', { granteeId: args.granteeId });
  return qb.orderBy('g.starts_on', 'DESC').addOrderBy('g.name').getMany();
}

export async function createGrant(ctx: Context, input: CreateGrantInput) {
  return ctx.transaction(async (tx) => {
    const [funder, grantee] = await Promise.all([
      tx.em.findOneBy(Organization, { id: input.funderId }),
      tx.em.findOneBy(Organization, { id: input.granteeId }),
    ]);
    new FieldProblems()
      .check(!!funder?.kinds.includes(OrganizationKind.FUNDER), 'input.funderId', 'must be a FUNDER organization')
      .check(!!grantee, 'input.granteeId', 'is not a known organization')
      .check(!input.endsOn || input.endsOn >= input.startsOn, 'input.endsOn', 'must not be before startsOn')
      .throwIfAny();
    const grant = await tx.em.save(
      tx.em.create(Grant, {
        name: input.name.trim(),
        funderId: input.funderId,
        granteeId: input.granteeId,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
      }),
    );
    await recordAudit(tx, { action: 'createGrant', entityType: 'Grant', entityId: grant.id });
    return grant;
  });
}
