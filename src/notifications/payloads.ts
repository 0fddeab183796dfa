import { Field, ObjectType } from 'type-graphql';
import { ConnectionType } from '../common/pagination';
import { WebhookDelivery } from './webhook-delivery.entity';
import { Webhook } from './webhook.entity';

@ObjectType()
export class CreateWebhookPayload {
  @Field(() => Webhook) webhook: Webhook;
  @Field({ description: 'The signing secret (whsec_ then base64), shown only in this answer.' }) secret: string;
}

@ObjectType()
export class WebhookPayload {
  @Field(() => Webhook) webhook: Webhook;
}

export const WebhookDeliveryConnection = ConnectionType('WebhookDelivery', WebhookDelivery);
