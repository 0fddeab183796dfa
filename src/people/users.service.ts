import type { Context } from '../context';
import { FieldProblems, Forbidden, NotFound, saveUnique } from '../common/errors';
import { Keyset } from '../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { replacePassword } from '../auth/auth.service';
import { assertPassword } from '../auth/password-rules';
import { hashPassword } from '../auth/passwords';
import { Certification } from './certification.entity';
import { CoachKind, OrganizationKind, Role } from './enums';
import type { AddCertificationInput, CreateUserInput, SetUserPasswordInput } from './inputs';
import { Organization } from './organization.entity';
import { User } from './user.entity';

/** The kind of organization each role belongs to; admins belong to none. */
const ORGANIZATION_KIND: Record<Role, OrganizationKind | null> = {
  [Role.ADMIN]: null,
  [Role.COACH]: OrganizationKind.PEER_SUPPORT,
  [Role.SUPERVISOR]: OrganizationKind.PEER_SUPPORT,
  [Role.AGENCY_STAFF]: OrganizationKind.PROVIDER,
  [Role.FUNDER]: OrganizationKind.FUNDER,
};

/** By name, whatever its case. */
const BY_NAME = new Keyset('ASC', [
  { sql: 'lower(u.name)', part: 'text' },
  { sql: 'u.id', part: 'uuid' },
]);

/** Admins list everyone; supervisors the people of their own organization. */
export async function listUsers(
  ctx: Context,
  args: { role?: Role | null; organizationId?: string | null; first?: number | null; after?: string | null },
) {
  const viewer = ctx.user;
  const page = BY_NAME.request(args.first, args.after);
  const query = () => {
    const qb = ctx.em.createQueryBuilder(User, 'u');
    if (viewer.role === Role.SUPERVISOR) qb.andWhere('u.organization_id = :own', { own: viewer.organizationId });
    if (args.organizationId) qb.andWhere('u.organization_id = :org', { org: args.organizationId });
    if (args.role) qb.andWhere('u.role = :role', { role: args.role });
    return qb;
  };
  return BY_NAME.page(query, page);
}

/** Admins create anyone; supervisors create coaches in their own organization. */
export async function createUser(ctx: Context, input: CreateUserInput) {
  const viewer = ctx.user;
  const organizationId = input.organizationId ?? (viewer.role === Role.SUPERVISOR ? viewer.organizationId : null);
  if (viewer.role === Role.SUPERVISOR) {
    if (input.role !== Role.COACH) throw new Forbidden('Supervisors may add coaches only.');
    if (organizationId !== viewer.organizationId) throw new NotFound('Organization', organizationId ?? undefined);
  }

  return ctx.transaction(async (tx) => {
    const problems = new FieldProblems();
    const email = input.email.trim().toLowerCase();
    if (await tx.em.existsBy(User, { email })) problems.add('input.email', 'is already in use');

    const kind = ORGANIZATION_KIND[input.role];
    const organization = organizationId ? await tx.em.findOneBy(Organization, { id: organizationId }) : null;
    if (kind === null) {
      problems.check(!organizationId, 'input.organizationId', 'must be empty for an admin');
    } else if (!organization) {
      problems.add('input.organizationId', organizationId ? 'is not a known organization' : `is required for ${input.role}`);
    } else {
      problems.check(organization.kinds.includes(kind), 'input.organizationId', `must be a ${kind} organization for ${input.role}`);
    }
    problems.check(!input.coachKind || input.role === Role.COACH || input.role === Role.SUPERVISOR, 'input.coachKind', 'applies to coaches and supervisors only');
    if (input.supervisorId) {
      const supervisor = await tx.em.findOneBy(User, { id: input.supervisorId });
      problems.check(
        supervisor?.role === Role.SUPERVISOR && supervisor.organizationId === organizationId,
        'input.supervisorId',
        'must be a supervisor of the same organization',
      );
    }
    problems.throwIfAny();

    const passwordHash = await hashPassword(input.password);
    const user = await saveUnique('input.email', 'is already in use', () =>
      tx.em.save(
        tx.em.create(User, {
          email,
          name: input.name.trim(),
          role: input.role,
          coachKind: input.coachKind ?? (input.role === Role.COACH ? CoachKind.PEER_SUPPORT_WORKER : null),
          organizationId,
          supervisorId: input.supervisorId ?? null,
          passwordHash,
          active: true,
        }),
      ),
    );
    await recordAudit(tx, { action: 'createUser', entityType: 'User', entityId: user.id });
    return user;
  });
}

/**
 * The account `id` locked for a change by its manager: admins manage anyone, supervisors the
 * coaches of their own organization (the resolvers admit only those two roles); anyone else's
 * account is NOT_FOUND.
 */
async function managedUser(tx: Context, id: string): Promise<User> {
  const viewer = tx.user;
  const user = await tx.em.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
  const inReach =
    user && (viewer.role === Role.ADMIN || (user.organizationId === viewer.organizationId && user.role === Role.COACH));
  if (!inReach) throw new NotFound('User', id);
  return user;
}

/** Admins deactivate anyone; supervisors the coaches of their own organization. Old tokens stop working at once. */
export async function deactivateUser(ctx: Context, id: string) {
  return ctx.transaction(async (tx) => {
    const user = await managedUser(tx, id);
    user.active = false;
    await tx.em.save(user);
    await recordAudit(tx, { action: 'deactivateUser', entityType: 'User', entityId: user.id });
    return user;
  });
}

/** Sets a user's password after a reset request (same managers as deactivateUser); every token of that user stops working. */
export async function setUserPassword(ctx: Context, input: SetUserPasswordInput) {
  return ctx.transaction(async (tx) => {
    const user = await managedUser(tx, input.userId);
    assertPassword('input.newPassword', input.newPassword, user.email);
    await replacePassword(tx, user, input.newPassword);
    await recordAudit(tx, { action: 'setUserPassword', entityType: 'User', entityId: user.id });
    return user;
  });
}

/** Admins certify anyone; supervisors the people of their organization; coaches themselves. */
export async function addCertification(ctx: Context, input: AddCertificationInput) {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    const user = await tx.em.findOneBy(User, { id: input.userId });
    const inReach =
      user &&
      (viewer.role === Role.ADMIN ||
        (viewer.role === Role.SUPERVISOR && user.organizationId === viewer.organizationId) ||
        user.id === viewer.id);
    if (!inReach) throw new NotFound('User', input.userId);
    new FieldProblems()
      .check(!input.issuedOn || !input.expiresOn || input.expiresOn >= input.issuedOn, 'input.expiresOn', 'must not be before issuedOn')
      .throwIfAny();
    const certification = await tx.em.save(
      tx.em.create(Certification, {
        userId: user.id,
        name: input.name.trim(),
        issuer: input.issuer.trim(),
        number: input.number ?? null,
        issuedOn: input.issuedOn ?? null,
        expiresOn: input.expiresOn ?? null,
      }),
    );
    await recordAudit(tx, { action: 'addCertification', entityType: 'Certification', entityId: certification.id });
    return certification;
  });
}
