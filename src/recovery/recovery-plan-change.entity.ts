import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One changed field of a relapse prevention plan: its value before and after, at which version, who and when. */
@Entity('recovery_plan_change')
export class RecoveryPlanChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  /** The plan's version this change produced. */
  @Column('int')
  version: number;

  @Column('text')
  field: string;

  @Column('jsonb', { name: 'previous_value', nullable: true })
  previousValue: unknown;

  @Column('jsonb', { name: 'new_value', nullable: true })
  newValue: unknown;

  @Column('uuid', { name: 'changed_by_id' })
  changedById: string;

  @Column({ type: 'timestamptz', insert: false })
  at: Date;
}
