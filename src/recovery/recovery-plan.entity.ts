import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@ObjectType()
export class SupportContact {
  @Field() name: string;
  @Field(() => String, { nullable: true }) relationship: string | null;
  @Field(() => String, { nullable: true }) phone: string | null;
}

@ObjectType({ description: "The client's relapse prevention plan: what sets them back, how they notice, what helps, who to call." })
@Entity('recovery_plan')
export class RecoveryPlan {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  @Field(() => Int, { description: 'Increments on every change; pass it back as expectedVersion.' })
  @Column('int')
  version: number;

  @Field(() => [String])
  @Column('text', { array: true })
  triggers: string[];

  @Field(() => [String])
  @Column('text', { name: 'warning_signs', array: true })
  warningSigns: string[];

  @Field(() => [String])
  @Column('text', { name: 'coping_strategies', array: true })
  copingStrategies: string[];

  @Field(() => [SupportContact])
  @Column('jsonb', { name: 'support_contacts' })
  supportContacts: SupportContact[];

  @Field(() => String, { nullable: true, description: 'What the client wants others to do in a crisis.' })
  @Column('text', { name: 'crisis_plan', nullable: true })
  crisisPlan: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Field()
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  /** Resolved to `updatedBy: User!` by the resolver. */
  @Column('uuid', { name: 'updated_by_id' })
  updatedById: string;
}
