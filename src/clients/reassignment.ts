import type { Context } from '../context';
import { Role } from '../people/enums';
import { User } from '../people/user.entity';
import { Handoff } from './handoff.entity';

/**
 * Whether the user is an active coach of the organization. With `lock`, the coach's row is
 * share-locked so they cannot be deactivated or moved until the transaction commits.
 */
export async function isActiveCoachOf(tx: Context, coachId: string, organizationId: string, options: { lock?: boolean } = {}): Promise<boolean> {
  const coach = await tx.em.findOne(User, { where: { id: coachId }, ...(options.lock ? { lock: { mode: 'pessimistic_read' as const } } : {}) });
  return coach?.role === Role.COACH && coach.active && coach.organizationId === organizationId;
}

/**
 * Records that the client moved from one coach to another, made by the signed-in user. Every
 * way a client changes coach goes through here, so the client's hand-offs tell its whole history.
 */
export async function recordHandoff(tx: Context, clientId: string, from: string | null, to: string, note: string | null): Promise<void> {
  await tx.em.insert(Handoff, { clientId, fromCoachId: from, toCoachId: to, handedOffById: tx.user.id, note });
}
