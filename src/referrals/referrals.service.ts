import type { Context } from '../context';
import { BadInput, Conflict, FieldProblems, Forbidden, InvalidTransition, NotFound } from '../common/errors';
import { dayIn } from '../common/time';
import { recordAudit } from '../audit/audit.service';
import { findCaseloadClient } from '../clients/clients.service';
import { Goal } from '../clients/goal.entity';
import { ServiceStatus } from '../directory/enums';
import { Service } from '../directory/service.entity';
import { ReferralUpdateKind } from '../notifications/enums';
import { announce } from '../notifications/outbox';
import { NoteKind, ReferralStatus, SUCCESSFUL_OUTCOMES, Urgency } from './enums';
import { followUpDue } from './follow-up';
import type { AddReferralNoteInput, CreateReferralInput, RecordOutcomeInput, TransitionReferralInput } from './inputs';
import { onBehalfOfAgency, OUTCOME_FROM, outcomeLanding, stepsFrom } from './lifecycle';
import { ReferralEvent } from './referral-event.entity';
import { ReferralNote } from './referral-note.entity';
import { Referral } from './referral.entity';
import { isParty, referralReach, sidesOf } from './referral.policy';

/** Statuses whose follow-up window restarts with any change (a note, say), not only a status change. */
const WINDOW_FOLLOWS_LAST_CHANGE = new Set([ReferralStatus.ACCEPTED, ReferralStatus.IN_PROGRESS, ReferralStatus.ON_HOLD]);

/**
 * A coach refers one of their clients to an ACTIVE service. With an idempotency key, a retry
 * returns the referral the key first made (serialized per coach and key by an advisory lock).
 */
export async function createReferral(ctx: Context, input: CreateReferralInput): Promise<Referral> {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    // Reach first: a retry after the client was reassigned must not hand back a referral
    // whose client the coach no longer sees.
    const client = await findCaseloadClient(tx, input.clientId);
    if (input.idempotencyKey) {
      const earlier = await earlierReferral(tx, viewer.id, input.idempotencyKey);
      if (earlier) {
        // Ids arrive in lower case (common/input-values.ts), as the database returns them.
        if (earlier.clientId !== client.id || earlier.serviceId !== input.serviceId) {
          throw new Conflict('This idempotency key was already used for a referral of another client or to another service.');
        }
        await recordAudit(tx, audit('replayCreateReferral', earlier));
        return earlier;
      }
    }
    const service = await tx.em.findOneBy(Service, { id: input.serviceId });
    if (!service) throw new NotFound('Service', input.serviceId);
    const goal = input.goalId ? await tx.em.findOneBy(Goal, { id: input.goalId }) : null;
    new FieldProblems()
      .check(service.status === ServiceStatus.ACTIVE, 'input.serviceId', 'must be an ACTIVE service')
      .check(!input.goalId || goal?.clientId === client.id, 'input.goalId', "must be one of the client's goals")
      .throwIfAny();

    const now = new Date();
    const status = input.send === false ? ReferralStatus.DRAFT : ReferralStatus.REQUESTED;
    const urgency = input.urgency ?? Urgency.ROUTINE;
    const referral = tx.em.create(Referral, {
      clientId: client.id,
      serviceId: service.id,
      receivingOrganizationId: service.organizationId,
      referringOrganizationId: client.organizationId,
      referredById: viewer.id,
      goalId: goal?.id ?? null,
      status,
      urgency,
      version: 1,
      idempotencyKey: input.idempotencyKey ?? null,
      serviceCategory: service.category,
      createdAt: now,
      updatedAt: now,
      acceptedAt: null,
      followUpDue: followUpDue(status, urgency, now, tx.config.defaultTimeZone),
    });
    await tx.em.insert(Referral, referral);
    await tx.em.insert(ReferralEvent, event(referral, null, null, false, viewer.id, now));
    if (input.note?.trim()) {
      await tx.em.insert(ReferralNote, { referralId: referral.id, kind: NoteKind.NOTE, body: input.note.trim(), authorId: viewer.id, createdAt: now });
    }
    await announce(tx, referral.id, ReferralUpdateKind.CREATED);
    await recordAudit(tx, audit('createReferral', referral));
    return referral;
  });
}

async function earlierReferral(tx: Context, coachId: string, key: string): Promise<Referral | null> {
  await tx.em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referral-idempotency:${coachId}:${key}`]);
  return tx.em.findOneBy(Referral, { referredById: coachId, idempotencyKey: key });
}

/** One step of the lifecycle table, taken by a side the viewer acts on. */
export async function transitionReferral(ctx: Context, input: TransitionReferralInput): Promise<Referral> {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    const referral = await lockForChange(tx, input.referralId, input.expectedVersion);
    const sides = sidesOf(viewer, referral);
    const allowed = stepsFrom(referral.status, sides);
    const step = allowed.find((s) => s.to === input.to);
    if (!step) throw new InvalidTransition(referral.status, input.to, allowed.map((s) => s.to));
    const reason = input.reason?.trim() || null;
    if (step.reasonRequired && !reason) throw BadInput.field('input.reason', `is required to move a referral to ${input.to}`);
    await changeStatus(tx, referral, input.to, reason, onBehalfOfAgency(referral.status, input.to, sides));
    await announce(tx, referral.id, ReferralUpdateKind.STATUS_CHANGED);
    await recordAudit(tx, audit('transitionReferral', referral));
    return referral;
  });
}

/**
 * A note by either party; the receiving agency reads notes only under SHARE_NOTES consent, and
 * neither reads nor adds any once the referral is entered in error.
 */
export async function addReferralNote(ctx: Context, input: AddReferralNoteInput): Promise<{ note: ReferralNote; referral: Referral }> {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    const referral = await lockForChange(tx, input.referralId, null);
    if (!isParty(viewer, referral)) throw new NotFound('Referral', input.referralId);
    if (referral.status === ReferralStatus.ENTERED_IN_ERROR && !sidesOf(viewer, referral).includes('requester')) {
      // The agency no longer reads this referral's notes, so it writes none either.
      throw new Forbidden('Only the referring side adds notes to a referral entered in error.');
    }
    const now = new Date();
    const note = tx.em.create(ReferralNote, { referralId: referral.id, kind: input.kind ?? NoteKind.NOTE, body: input.body.trim(), authorId: viewer.id, createdAt: now });
    await tx.em.insert(ReferralNote, note);
    const due = WINDOW_FOLLOWS_LAST_CHANGE.has(referral.status) ? followUpDue(referral.status, referral.urgency, now, tx.config.defaultTimeZone) : referral.followUpDue;
    await bump(tx, referral, { followUpDue: due }, now);
    await announce(tx, referral.id, ReferralUpdateKind.NOTE_ADDED);
    await recordAudit(tx, audit('addReferralNote', referral));
    return { note, referral };
  });
}

/** Records the outcome and closes the referral in the status DESIGN.md names for it. */
export async function recordOutcome(ctx: Context, input: RecordOutcomeInput): Promise<Referral> {
  const viewer = ctx.user;
  return ctx.transaction(async (tx) => {
    const referral = await lockForChange(tx, input.referralId, input.expectedVersion);
    if (!isParty(viewer, referral)) throw new NotFound('Referral', input.referralId);
    const sides = sidesOf(viewer, referral);
    if (!OUTCOME_FROM.has(referral.status)) {
      // Nothing to record an outcome on; say what the caller may do instead.
      throw new InvalidTransition(referral.status, 'an outcome', stepsFrom(referral.status, sides).map((s) => s.to));
    }
    const today = dayIn(tx.config.defaultTimeZone);
    new FieldProblems()
      .check(input.achievedOn <= today, 'input.achievedOn', 'must not be in the future')
      .check(input.achievedOn >= dayIn(tx.config.defaultTimeZone, referral.createdAt), 'input.achievedOn', 'must not be before the referral was made')
      .throwIfAny();
    const successful = SUCCESSFUL_OUTCOMES.has(input.type);
    const landing = outcomeLanding(successful, input.type, referral.acceptedAt !== null);
    await changeStatus(tx, referral, landing, `Outcome: ${input.type}`, onBehalfOfAgency(referral.status, landing, sides), {
      outcomeType: input.type,
      outcomeSuccessful: successful,
      outcomeAchievedOn: input.achievedOn,
      outcomeNote: input.note?.trim() || null,
      outcomeRecordedById: viewer.id,
      outcomeRecordedAt: new Date(),
    });
    await announce(tx, referral.id, ReferralUpdateKind.OUTCOME_RECORDED);
    await recordAudit(tx, audit('recordOutcome', referral));
    return referral;
  });
}

/**
 * Locks the referral's row for this transaction, so concurrent writers queue up behind it;
 * the one that holds a stale version after its wait gets CONFLICT and changes nothing.
 */
async function lockForChange(tx: Context, id: string, expectedVersion: number | null): Promise<Referral> {
  const reach = referralReach(tx.viewer);
  const referral = await tx.em
    .createQueryBuilder(Referral, 'r')
    .where('r.id = :id', { id })
    .andWhere(reach.sql, reach.params)
    .setLock('pessimistic_write', undefined, ['r'])
    .getOne();
  if (!referral) throw new NotFound('Referral', id);
  if (expectedVersion !== null && referral.version !== expectedVersion) {
    throw new Conflict(`The referral has changed since version ${expectedVersion}; it is at version ${referral.version}.`, referral.version);
  }
  return referral;
}

async function changeStatus(
  tx: Context,
  referral: Referral,
  to: ReferralStatus,
  reason: string | null,
  onBehalfOfAgency: boolean,
  alsoChange: Partial<Referral> = {},
) {
  const from = referral.status;
  const now = new Date();
  await bump(
    tx,
    referral,
    {
      ...alsoChange,
      status: to,
      acceptedAt: referral.acceptedAt ?? (to === ReferralStatus.ACCEPTED ? now : null),
      followUpDue: followUpDue(to, referral.urgency, now, tx.config.defaultTimeZone),
    },
    now,
  );
  await tx.em.insert(ReferralEvent, event(referral, from, reason, onBehalfOfAgency, tx.user.id, now));
}

/** Applies a change to the locked row: every change increments the version and touches updated_at. */
async function bump(tx: Context, referral: Referral, change: Partial<Referral>, now: Date) {
  Object.assign(referral, change, { version: referral.version + 1, updatedAt: now });
  await tx.em.update(Referral, { id: referral.id }, { ...change, version: referral.version, updatedAt: now });
}

function event(referral: Referral, from: ReferralStatus | null, reason: string | null, onBehalfOfAgency: boolean, actorId: string, at: Date) {
  return { referralId: referral.id, from, to: referral.status, reason, actorId, onBehalfOfAgency, at, version: referral.version };
}

function audit(action: string, referral: Referral) {
  return { action, entityType: 'Referral', entityId: referral.id, subjectOrganizationId: referral.referringOrganizationId };
}
