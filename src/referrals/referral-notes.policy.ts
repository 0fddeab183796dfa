import type { Context } from '../context';
import { ConsentScope } from '../clients/enums';
import { hasActiveConsent } from '../clients/consent.policy';
import { referralLoaders } from './loaders';
import type { ReferralNote } from './referral-note.entity';
import type { Referral } from './referral.entity';
import { sidesOf } from './referral.policy';
import type { Outcome } from './types';

/**
 * Who reads what was written about a client on a referral (its notes and the outcome's
 * note): the coach side always; the receiving agency only under an active SHARE_NOTES
 * consent; admins never, since they see no more of the client than the alias.
 */
async function mayReadNotes(ctx: Context, referral: Referral): Promise<boolean> {
  const sides = sidesOf(ctx.user, referral);
  if (sides.includes('requester')) return true;
  if (!sides.includes('agency')) return false;
  return hasActiveConsent(ctx, referral.clientId, referral.receivingOrganizationId, ConsentScope.SHARE_NOTES);
}

export async function visibleNotes(ctx: Context, referral: Referral): Promise<ReferralNote[]> {
  if (!(await mayReadNotes(ctx, referral))) return [];
  return ctx.load(referralLoaders).notes.load(referral.id);
}

/** The referral's outcome, its note withheld from those who may not read notes. */
export async function visibleOutcome(ctx: Context, referral: Referral): Promise<Outcome | null> {
  if (!referral.outcomeType) return null;
  return {
    type: referral.outcomeType,
    successful: referral.outcomeSuccessful!,
    achievedOn: referral.outcomeAchievedOn!,
    note: referral.outcomeNote !== null && (await mayReadNotes(ctx, referral)) ? referral.outcomeNote : null,
    recordedById: referral.outcomeRecordedById!,
    recordedAt: referral.outcomeRecordedAt!,
  };
}
