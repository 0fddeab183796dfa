import type { Context } from '../context';
import { FieldProblems } from '../common/errors';
import { dayIn } from '../common/time';
import { recordAudit } from '../audit/audit.service';
import { findCaseloadClient } from '../clients/clients.service';
import { RecoveryCapitalAssessment } from './assessment.entity';
import type { RecordAssessmentInput } from './inputs';

/** BARC-10: ten statements, each rated 1 (strongly disagree) to 6 (strongly agree). */
const ITEMS = 10;
const LOWEST = 1;
const HIGHEST = 6;

/**
 * Records a BARC-10 assessment for a client on the viewer's coach side. Assessments are never
 * edited or deleted, so nothing else in Beacon writes this table.
 */
export async function recordAssessment(ctx: Context, input: RecordAssessmentInput): Promise<RecoveryCapitalAssessment> {
  const problems = new FieldProblems();
  problems.check(input.items.length === ITEMS, 'input.items', `must hold exactly ${ITEMS} ratings`);
  input.items.forEach((rating, i) => problems.check(rating >= LOWEST && rating <= HIGHEST, `input.items.${i}`, `must be from ${LOWEST} to ${HIGHEST}`));
  problems.check(input.takenOn <= dayIn(ctx.config.defaultTimeZone), 'input.takenOn', 'must not be in the future');
  problems.throwIfAny();
  return ctx.transaction(async (tx) => {
    // Locked so that a hand-off in flight either precedes this (and the previous coach is refused) or follows it.
    const client = await findCaseloadClient(tx, input.clientId, { lock: true });
    const { identifiers } = await tx.em.insert(RecoveryCapitalAssessment, {
      clientId: client.id,
      takenOn: input.takenOn,
      items: input.items,
      recordedById: tx.user.id,
    });
    await recordAudit(tx, { action: 'recordAssessment', entityType: 'RecoveryCapitalAssessment', entityId: identifiers[0].id, subjectOrganizationId: client.organizationId });
    // Read back for the total, which PostgreSQL computes.
    return tx.em.findOneByOrFail(RecoveryCapitalAssessment, { id: identifiers[0].id });
  });
}
