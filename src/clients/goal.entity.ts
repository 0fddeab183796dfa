import { Field, ID, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DateScalar } from '../common/scalars';
import { GoalDomain, GoalStatus } from './enums';

@ObjectType()
@Entity('goal')
export class Goal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  @Field(() => GoalDomain)
  @Column('text')
  domain: GoalDomain;

  @Field()
  @Column('text')
  description: string;

  @Field(() => GoalStatus)
  @Column('text')
  status: GoalStatus;

  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'target_date', nullable: true })
  targetDate: string | null;

  /** The day (in DEFAULT_TIME_ZONE) the goal became ACHIEVED; null otherwise. */
  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'achieved_on', nullable: true })
  achievedOn: string | null;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}
