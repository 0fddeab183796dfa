import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { OutcomeType, ReferralStatus, Urgency } from './enums';

/**
 * A closed-loop referral of a client to a service. The outcome lives on the row (all NULL
 * until recorded); the GraphQL `outcome`, and every related record, come from field resolvers.
 */
@ObjectType()
@Entity('referral')
export class Referral {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ReferralStatus)
  @Column('text')
  status: ReferralStatus;

  @Field(() => Int, { description: 'Increments on every change; pass it back as expectedVersion.' })
  @Column('int')
  version: number;

  @Field(() => Urgency)
  @Column('text')
  urgency: Urgency;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  @Column('uuid', { name: 'service_id' })
  serviceId: string;

  @Column('uuid', { name: 'receiving_organization_id' })
  receivingOrganizationId: string;

  @Column('uuid', { name: 'referring_organization_id' })
  referringOrganizationId: string;

  @Column('uuid', { name: 'referred_by_id' })
  referredById: string;

  @Column('uuid', { name: 'goal_id', nullable: true })
  goalId: string | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  /** Copied from the service at creation, so reports need not join the directory. */
  @Column('text', { name: 'service_category' })
  serviceCategory: string;

  @Field()
  @Column({ type: 'timestamptz', name: 'created_at', precision: 3 })
  createdAt: Date;

  @Field()
  @Column({ type: 'timestamptz', name: 'updated_at', precision: 3 })
  updatedAt: Date;

  /** The first time it reached ACCEPTED; never cleared. */
  @Column({ type: 'timestamptz', name: 'accepted_at', precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next follow-up is due; null once the referral is closed.' })
  @Column({ type: 'timestamptz', name: 'follow_up_due', precision: 3, nullable: true })
  followUpDue: Date | null;

  @Column('text', { name: 'outcome_type', nullable: true })
  outcomeType: OutcomeType | null;

  @Column('boolean', { name: 'outcome_successful', nullable: true })
  outcomeSuccessful: boolean | null;

  @Column('date', { name: 'outcome_achieved_on', nullable: true })
  outcomeAchievedOn: string | null;

  @Column('text', { name: 'outcome_note', nullable: true })
  outcomeNote: string | null;

  @Column('uuid', { name: 'outcome_recorded_by_id', nullable: true })
  outcomeRecordedById: string | null;

  @Column({ type: 'timestamptz', name: 'outcome_recorded_at', precision: 3, nullable: true })
  outcomeRecordedAt: Date | null;
}
