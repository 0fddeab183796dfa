import type { Context } from '../context';
import { BadInput } from '../common/errors';
import { recordAudit } from '../audit/audit.service';
import { findCaseloadClient } from '../clients/clients.service';
import { Client } from '../clients/client.entity';
import { isActiveCoachOf, recordHandoff } from '../clients/reassignment';
import type { HandOffClientInput } from './inputs';

/**
 * Moves the client to another active coach of its organization, by its coach or a supervisor
 * of the organization. Reach is read from the client's assigned coach on every request, so the
 * previous coach loses the client (with its plan, assessments, goals and referrals) the moment
 * this commits, whatever token they hold, and the new coach gains it, the open referrals'
 * follow-ups included.
 */
export async function handOffClient(ctx: Context, input: HandOffClientInput): Promise<Client> {
  return ctx.transaction(async (tx) => {
    // The row lock orders concurrent hand-offs (and plan or assessment writes): each sees the coach the last one left.
    const client = await findCaseloadClient(tx, input.clientId, { lock: true });
    const eligible = input.toCoachId !== client.assignedCoachId && (await isActiveCoachOf(tx, input.toCoachId, client.organizationId, { lock: true }));
    // One message for every refusal, so that it tells nothing about users of other organizations.
    if (!eligible) throw BadInput.field('input.toCoachId', "must be an active coach of the client's organization other than its current coach");

    const from = client.assignedCoachId;
    await tx.em.update(Client, { id: client.id }, { assignedCoachId: input.toCoachId });
    client.assignedCoachId = input.toCoachId;
    await recordHandoff(tx, client.id, from, input.toCoachId, input.note?.trim() || null);
    await recordAudit(tx, { action: 'handOffClient', entityType: 'Client', entityId: client.id, subjectOrganizationId: client.organizationId });
    return client;
  });
}
