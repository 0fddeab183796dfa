import { Referrals1764000003000 } from '../db/migrations/1764000003000-Referrals';
import { ClientReferralsResolver } from './client-referrals.resolver';
import { ReferralEvent } from './referral-event.entity';
import { ReferralNote } from './referral-note.entity';
import { OutcomeResolver, ReferralEventResolver, ReferralNoteResolver, ReferralResolver } from './referral.resolver';
import { Referral } from './referral.entity';

export const entities = [Referral, ReferralEvent, ReferralNote];
export const migrations = [Referrals1764000003000];
export const resolvers = [ReferralResolver, ReferralEventResolver, ReferralNoteResolver, OutcomeResolver, ClientReferralsResolver];
