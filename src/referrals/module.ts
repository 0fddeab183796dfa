import { ClientReferralsResolver } from './client-referrals.resolver';
import { OutcomeResolver, ReferralEventResolver, ReferralNoteResolver, ReferralResolver } from './referral.resolver';

export const resolvers = [ReferralResolver, ReferralEventResolver, ReferralNoteResolver, OutcomeResolver, ClientReferralsResolver];
