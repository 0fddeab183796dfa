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
    const values = { clientId: client.id, takenOn: input.takenOn, items: input.items, recordedById: tx.user.id };
    // One statement: RETURNING gives the id and created_at PostgreSQL makes and the total it computes.
    const { raw } = await tx.em
      .createQueryBuilder()
      .insert()
      .into(RecoveryCapitalAssessment)
      .values(values)
      .returning(['id', 'total', 'created_at'])
      .execute();
    const [row] = raw as { id: string; total: number; created_at: Date }[];
    await recordAudit(tx, { action: 'recordAssessment', entityType: 'RecoveryCapitalAssessment', entityId: row.id, subjectOrganizationId: client.organizationId });
    return tx.em.create(RecoveryCapitalAssessment, { ...values, id: row.id, total: row.total, createdAt: row.created_at });
  });
}
