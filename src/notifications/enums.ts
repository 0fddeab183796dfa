import { registerEnumType } from 'type-graphql';

/** What a committed change did to a referral; the webhook body's `type` is derived from it. */
export enum ReferralUpdateKind {
  CREATED = 'CREATED',
  STATUS_CHANGED = 'STATUS_CHANGED',
  NOTE_ADDED = 'NOTE_ADDED',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
}

registerEnumType(ReferralUpdateKind, { name: 'ReferralUpdateKind' });
