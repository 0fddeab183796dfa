import type { Context } from '../context';
import { BadInput, FieldProblems, Forbidden, NotFound } from '../common/errors';
import { Page } from '../common/pagination';
import { recordAudit } from '../audit/audit.service';
import { Role } from '../people/enums';
import type { User } from '../people/user.entity';
import { ReferralUpdateKind, WebhookDeliveryStatus } from './enums';
import type { CreateWebhookInput } from './inputs';
import { urlProblem } from './webhook-address';
import { WebhookDelivery } from './webhook-delivery.entity';
import { NEWEST_FIRST, webhookLoaders } from './loaders';
import { newSecret } from './webhook-signature';
import { Webhook } from './webhook.entity';

/** Agency staff and supervisors keep their own organization's webhooks; admins any organization's. */
const KEEPERS = [Role.ADMIN, Role.AGENCY_STAFF, Role.SUPERVISOR];
const ALL_KINDS = Object.values(ReferralUpdateKind);

/** The viewer, if its role keeps webhooks (FORBIDDEN otherwise); null as the organization means any (an admin). */
function keeper(ctx: Context): { viewer: User; organizationId: string | null } {
  const viewer = ctx.user;
  if (!KEEPERS.includes(viewer.role)) throw new Forbidden();
  return { viewer, organizationId: viewer.role === Role.ADMIN ? null : viewer.organizationId };
}

/**
 * How many active webhooks the organization has, or null when there is no such organization.
 * Its row is locked (NO KEY UPDATE, so the references to it are not held up) until the
 * transaction ends: two creations for one organization at once are counted one after the other,
 * so they cannot both take the last place.
 */
async function activeWebhooks(tx: Context, organizationId: string): Promise<number | null> {
  const locked = await tx.em.query('SELECT 1 FROM organization WHERE id = $1 FOR NO KEY UPDATE', [organizationId]);
  if (locked.length === 0) return null;
  return tx.em.countBy(Webhook, { organizationId, active: true });
}

/**
 * Creates a webhook and answers its secret, the only time anyone sees it. A non-admin naming
 * another organization is NOT_FOUND: that organization's webhooks are outside its reach, as with
 * a supervisor adding a user to another organization (users.service.ts).
 */
export async function createWebhook(ctx: Context, input: CreateWebhookInput): Promise<{ webhook: Webhook; secret: string }> {
  const { viewer, organizationId: own } = keeper(ctx);
  const organizationId = input.organizationId ?? own;
  if (own !== null && organizationId !== own) throw new NotFound('Organization', organizationId ?? undefined);
  // Kept in the enum's order, each once, so that listings compare equal however they were asked for.
  const kinds = input.kinds == null ? ALL_KINDS : ALL_KINDS.filter((kind) => input.kinds!.includes(kind));
  const url = input.url.trim();

  return ctx.transaction(async (tx) => {
    const problems = new FieldProblems();
    const problem = urlProblem(url, tx.config.webhookAllowInsecure);
    if (problem) problems.add('input.url', problem);
    problems.check(kinds.length > 0, 'input.kinds', 'must name at least one kind, or be left out for every kind');
    if (!organizationId) problems.add('input.organizationId', 'is required for an admin');
    const active = organizationId ? await activeWebhooks(tx, organizationId) : null;
    if (organizationId && active === null) problems.add('input.organizationId', 'is not a known organization');
    problems.throwIfAny();
    const limit = tx.config.webhooksPerOrganization;
    if (active! >= limit) {
      throw new BadInput([], `The organization already has ${active} active webhooks, the most WEBHOOKS_PER_ORGANIZATION allows (${limit}): delete one first.`);
    }

    const secret = newSecret();
    const values = { organizationId: organizationId!, url, secret, kinds, active: true, createdById: viewer.id };
    const { raw } = await tx.em.createQueryBuilder().insert().into(Webhook).values(values).returning(['id', 'created_at']).execute();
    const [row] = raw as { id: string; created_at: Date }[];
    await recordAudit(tx, { action: 'createWebhook', entityType: 'Webhook', entityId: row.id, details: { organizationId: organizationId!, kinds } });
    const webhook = tx.em.create(Webhook, { ...values, id: row.id, createdAt: row.created_at, deletedAt: null, deletedById: null });
    return { webhook, secret };
  });
}

/**
 * Newest first: the viewer's organization's webhooks, or for an admin the named organization's
 * or all. Another organization's, asked by a non-admin, are answered as if there were none.
 */
export async function listWebhooks(ctx: Context, organizationId?: string | null): Promise<Webhook[]> {
  const { organizationId: own } = keeper(ctx);
  if (own !== null && organizationId && organizationId !== own) return [];
  const qb = ctx.em.createQueryBuilder(Webhook, 'w').orderBy('w.created_at', 'DESC').addOrderBy('w.id', 'DESC');
  const scope = own ?? organizationId;
  if (scope) qb.where('w.organization_id = :scope', { scope });
  return qb.getMany();
}

/**
 * Makes a webhook inactive: no new delivery is written for it, and those still pending end
 * FAILED at once (an attempt already in flight may still arrive). Deleting it again changes
 * nothing. Another organization's webhook is NOT_FOUND.
 */
export async function deleteWebhook(ctx: Context, id: string): Promise<Webhook> {
  const { viewer, organizationId: own } = keeper(ctx);
  return ctx.transaction(async (tx) => {
    const qb = tx.em.createQueryBuilder(Webhook, 'w').setLock('pessimistic_write').where('w.id = :id', { id });
    if (own !== null) qb.andWhere('w.organization_id = :own', { own });
    const webhook = await qb.getOne();
    if (!webhook) throw new NotFound('Webhook', id);
    if (webhook.active) {
      const deletedAt = new Date();
      await tx.em.update(Webhook, { id }, { active: false, deletedAt, deletedById: viewer.id });
      await tx.em.update(WebhookDelivery, { webhookId: id, status: WebhookDeliveryStatus.PENDING }, { status: WebhookDeliveryStatus.FAILED, nextAttemptAt: null });
      Object.assign(webhook, { active: false, deletedAt, deletedById: viewer.id });
    }
    await recordAudit(tx, { action: 'deleteWebhook', entityType: 'Webhook', entityId: id, details: { organizationId: webhook.organizationId } });
    return webhook;
  });
}

/** A webhook's deliveries, newest first. Reached only through a webhook the viewer was given, so its reach is the webhook's. */
export async function deliveriesOf(ctx: Context, webhook: Webhook, first?: number | null, after?: string | null) {
  const page = NEWEST_FIRST.request(first, after);
  const loaders = ctx.load(webhookLoaders);
  const edges = await loaders.pageByWebhook.load({ webhookId: webhook.id, limit: page.first + 1, after: page.after });
  return new Page(edges, page, () => loaders.countByWebhook.load(webhook.id));
}
