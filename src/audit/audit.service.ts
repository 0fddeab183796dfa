import type { Context } from '../context';
import { AuditEvent, type AuditDetails } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The organization whose client the event concerns; lets its supervisors read the event. */
  subjectOrganizationId?: string | null;
  /** Who acted, when it is not the viewer (the user who just signed in). */
  actorId?: string;
  /** The parameters the action was asked with, where they matter later (an outcome report's). */
  details?: AuditDetails;
}

/** Writes audit events through the caller's EntityManager, so they commit or roll back with the change. */
export async function recordAudit(ctx: Context, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await ctx.em.insert(
    AuditEvent,
    entries.map((entry) => ({
      actorId: entry.actorId ?? ctx.viewer?.id ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      subjectOrganizationId: entry.subjectOrganizationId ?? null,
      requestId: ctx.requestId,
      correlationId: ctx.request.correlationId,
      details: entry.details ?? null,
    })),
  );
}
