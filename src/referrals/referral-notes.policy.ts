import type { Context } from '../context';
import { getClient } from '../clients/clients.service';
import { ConsentScope } from '../clients/enums';
import { hasActiveConsent } from '../clients/consent.policy';
import { Role } from '../people/enums';
import { userLoaders } from '../people/loaders';
import { ReferralStatus } from './enums';
import { referralLoaders } from './loaders';
import type { ReferralEvent } from './referral-event.entity';
import type { ReferralNote } from './referral-note.entity';
import type { Referral } from './referral.entity';
import { sidesOf } from './referral.policy';
import type { Outcome } from './types';

/*
 * Who reads the free text written about a client on a referral: its notes, the outcome's
 * note and the reasons of its history. Reading any of it is a read of the client's record,
 * so each read also loads the client through its loader, which audits it (once per client
 * per request, like client(id)) whether or not the viewer may see the text itself.
 */

/** `decide`, beside the audited read of the referral's client (together, so a page waits one round trip, not two). */
async function readingClientRecord<T>(ctx: Context, referral: Referral, decide: () => Promise<T>): Promise<T> {
  const [, decision] = await Promise.all([getClient(ctx, referral.clientId), decide()]);
  return decision;
}

/** A history event as the resolvers hand it on: with its referral, which decides who reads its reason. */
export type HistoryEvent = ReferralEvent & { referral: Referral };

/**
 * Whether the receiving agency reads the requester side's text on the referral: under an
 * active SHARE_NOTES consent for its organization, and never once the referral was entered
 * in error (then the agency reaches no more than the alias).
 */
async function agencySharesNotes(ctx: Context, referral: Referral): Promise<boolean> {
  if (referral.status === ReferralStatus.ENTERED_IN_ERROR) return false;
  return hasActiveConsent(ctx, referral.clientId, referral.receivingOrganizationId, ConsentScope.SHARE_NOTES);
}

/**
 * Notes and the outcome's note: the coach side always; the receiving agency as
 * agencySharesNotes says (its own notes too: they sit in the same thread); admins never,
 * since they see no more of the client than the alias.
 */
async function mayReadNotes(ctx: Context, referral: Referral): Promise<boolean> {
  const sides = sidesOf(ctx.user, referral);
  if (sides.includes('requester')) return true;
  if (!sides.includes('agency')) return false;
  return agencySharesNotes(ctx, referral);
}

export function visibleNotes(ctx: Context, referral: Referral): Promise<ReferralNote[]> {
  return readingClientRecord(ctx, referral, async () =>
    (await mayReadNotes(ctx, referral)) ? ctx.load(referralLoaders).notes.load(referral.id) : [],
  );
}

/** The outcome's note, withheld from those who may not read notes. */
export function visibleOutcomeNote(ctx: Context, outcome: Outcome): Promise<string | null> {
  const { referral } = outcome;
  return readingClientRecord(ctx, referral, async () =>
    referral.outcomeNote !== null && (await mayReadNotes(ctx, referral)) ? referral.outcomeNote : null,
  );
}

/**
 * A history event's reason, free text like a note (null where hidden): the coach side reads
 * every reason; admins only those of ENTERED_IN_ERROR events (their own step); the receiving
 * agency the reasons its own staff wrote, and the rest (the requester's, an admin's, and a
 * coach's step recorded on the agency's behalf, since the coach typed it) only as
 * agencySharesNotes says. Once a referral is entered in error the agency reads none of its
 * reasons, as none of its notes.
 */
export function visibleReason(ctx: Context, event: HistoryEvent): Promise<string | null> {
  return readingClientRecord(ctx, event.referral, async () => ((await mayReadReason(ctx, event)) ? event.reason : null));
}

async function mayReadReason(ctx: Context, event: HistoryEvent): Promise<boolean> {
  const { referral } = event;
  if (event.reason === null) return false;
  const sides = sidesOf(ctx.user, referral);
  if (sides.includes('requester')) return true;
  if (sides.includes('admin')) return event.to === ReferralStatus.ENTERED_IN_ERROR;
  if (!sides.includes('agency') || referral.status === ReferralStatus.ENTERED_IN_ERROR) return false;
  return (await writtenByAgency(ctx, event)) || agencySharesNotes(ctx, referral);
}

/** Whether the event's actor is staff of the receiving agency: its side wrote the reason. */
async function writtenByAgency(ctx: Context, event: HistoryEvent): Promise<boolean> {
  const actor = await ctx.load(userLoaders).byId.load(event.actorId);
  return actor?.role === Role.AGENCY_STAFF && actor.organizationId === event.referral.receivingOrganizationId;
}
