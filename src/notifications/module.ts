import { WebhookResolver } from './webhook.resolver';

export const resolvers: Function[] = [WebhookResolver];
