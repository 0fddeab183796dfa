import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralUpdateKind, WebhookDeliveryStatus } from './enums';

/** One event on its way to one webhook; written by the outbox, advanced by the delivery worker. */
@ObjectType()
@Entity('webhook_delivery')
export class WebhookDelivery {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'webhook_id' })
  webhookId: string;

  @Field(() => ID, { description: 'Sent as the webhook-id header; the same on every attempt for one event.' })
  @Column('uuid', { name: 'event_id' })
  eventId: string;

  @Field(() => ReferralUpdateKind)
  @Column('text')
  kind: ReferralUpdateKind;

  @Field(() => ID)
  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Field(() => Int)
  @Column('int')
  attempts: number;

  @Field(() => WebhookDeliveryStatus)
  @Column('text')
  status: WebhookDeliveryStatus;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last attempt; null when it got no answer.' })
  @Column('int', { name: 'last_response_status', nullable: true })
  lastResponseStatus: number | null;

  @Field()
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due; null once DELIVERED or FAILED.' })
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}
