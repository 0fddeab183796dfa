import type { Context } from '../context';
import { FieldProblems, NotFound } from '../common/errors';
import { recordAudit } from '../audit/audit.service';
import { Organization } from '../people/organization.entity';
import { findCaseloadClient } from './clients.service';
import { Consent } from './consent.entity';
import type { RecordConsentInput } from './inputs';

/** The coach side records a client's consent to share with another organization; it starts now and may expire later. */
export async function recordConsent(ctx: Context, input: RecordConsentInput) {
  return ctx.transaction(async (tx) => {
    const client = await findCaseloadClient(tx, input.clientId);
    const now = new Date();
    const organization = await tx.em.findOneBy(Organization, { id: input.organizationId });
    new FieldProblems()
      .check(!!organization, 'input.organizationId', 'is not a known organization')
      .check(input.organizationId !== client.organizationId, 'input.organizationId', "must be another organization than the client's own")
      .check(!input.expiresAt || input.expiresAt > now, 'input.expiresAt', 'must lie in the future')
      .throwIfAny();
    const consent = await tx.em.save(
      tx.em.create(Consent, {
        clientId: client.id,
        organizationId: input.organizationId,
        scope: input.scope,
        method: input.method,
        grantedAt: now,
        expiresAt: input.expiresAt ?? null,
        revokedAt: null,
        recordedById: tx.user.id,
      }),
    );
    await recordAudit(tx, { action: 'recordConsent', entityType: 'Consent', entityId: consent.id, subjectOrganizationId: client.organizationId });
    return consent;
  });
}

/** Revoking takes effect at once (the next read no longer finds it active); revoking again keeps the first time. */
export async function revokeConsent(ctx: Context, id: string) {
  return ctx.transaction(async (tx) => {
    const consent = await tx.em.findOne(Consent, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!consent) throw new NotFound('Consent', id);
    const client = await findCaseloadClient(tx, consent.clientId, { notFound: new NotFound('Consent', id) });
    if (!consent.revokedAt) {
      consent.revokedAt = new Date();
      await tx.em.save(consent);
    }
    await recordAudit(tx, { action: 'revokeConsent', entityType: 'Consent', entityId: consent.id, subjectOrganizationId: client.organizationId });
    return consent;
  });
}
