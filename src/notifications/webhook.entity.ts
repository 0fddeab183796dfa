import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ReferralUpdateKind } from './enums';

/** Where an organization's referral updates are POSTed. Deleting one makes it inactive; its deliveries stay readable. */
@ObjectType()
@Entity('webhook')
export class Webhook {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Resolved to `organization: Organization!` by the resolver. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Field()
  @Column('text')
  url: string;

  /** Shown once, in createWebhook's answer; never read back except by the delivery worker's own query. */
  @Column('text', { select: false })
  secret: string;

  @Field(() => [ReferralUpdateKind])
  @Column('text', { array: true })
  kinds: ReferralUpdateKind[];

  @Field()
  @Column('boolean')
  active: boolean;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('uuid', { name: 'created_by_id' })
  createdById: string;

  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt: Date | null;

  @Column('uuid', { name: 'deleted_by_id', nullable: true })
  deletedById: string | null;
}
