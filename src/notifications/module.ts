import { ReferralUpdateResolver } from './referral-update.resolver';
import { WebhookResolver } from './webhook.resolver';

export const resolvers: Function[] = [ReferralUpdateResolver, WebhookResolver];
