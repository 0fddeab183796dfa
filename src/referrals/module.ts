import { ReferralUpdateResolver } from '../notifications/referral-update.resolver'; // moved to notifications/module.ts at merge
import { ClientReferralsResolver } from './client-referrals.resolver';
import { OutcomeResolver, ReferralEventResolver, ReferralNoteResolver, ReferralResolver } from './referral.resolver';

export const resolvers = [ReferralResolver, ReferralEventResolver, ReferralNoteResolver, OutcomeResolver, ClientReferralsResolver, ReferralUpdateResolver]; // ReferralUpdateResolver: moved to notifications/module.ts at merge
