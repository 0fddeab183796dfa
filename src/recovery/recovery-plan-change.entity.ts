import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A plan field's value as stored: a list (of text or of contacts), text, or null. */
export type PlanFieldValue = object | string | null;

/** One changed field of a relapse prevention plan: its value before and after, at which version, who and when. */
@ObjectType({ description: 'One changed field of a relapse prevention plan: who changed it, when, from what to what.' })
@Entity('recovery_plan_change')
export class RecoveryPlanChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  /** The plan's version this change produced. */
  @Field(() => Int, { description: "The plan's version this change produced." })
  @Column('int')
  version: number;

  @Field({ description: 'triggers, warningSigns, copingStrategies, supportContacts or crisisPlan.' })
  @Column('text')
  field: string;

  /** Shown as JSON text by the resolver (previousValue, newValue). */
  @Column('jsonb', { name: 'previous_value', nullable: true })
  previousValue: PlanFieldValue;

  @Column('jsonb', { name: 'new_value', nullable: true })
  newValue: PlanFieldValue;

  /** Resolved to `changedBy: User!`. */
  @Column('uuid', { name: 'changed_by_id' })
  changedById: string;

  @Field()
  @Column({ type: 'timestamptz', insert: false })
  at: Date;
}
