import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralStatus } from './enums';

/** One status change of a referral (creation is the one from null). */
@ObjectType()
@Entity('referral_event')
export class ReferralEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Field(() => ReferralStatus, { nullable: true })
  @Column('text', { name: 'from_status', nullable: true })
  from: ReferralStatus | null;

  @Field(() => ReferralStatus)
  @Column('text', { name: 'to_status' })
  to: ReferralStatus;

  /** Free text like a note: the GraphQL field is a resolver that decides who reads it. */
  @Column('text', { nullable: true })
  reason: string | null;

  @Column('uuid', { name: 'actor_id' })
  actorId: string;

  @Field({ description: "True when a coach recorded an agency-side step on the agency's behalf." })
  @Column('boolean', { name: 'on_behalf_of_agency' })
  onBehalfOfAgency: boolean;

  @Field()
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  /** The referral's version after this change. */
  @Column('int')
  version: number;
}
