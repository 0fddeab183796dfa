import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../common/scalars';

@ObjectType({
  description: 'A Brief Assessment of Recovery Capital (BARC-10): ten statements, each rated from 1 (strongly disagree) to 6 (strongly agree).',
})
@Entity('recovery_assessment')
export class RecoveryCapitalAssessment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  @Field(() => DateScalar)
  @Column('date', { name: 'taken_on' })
  takenOn: string;

  @Field(() => [Int], { description: "The ten item ratings, in the instrument's order." })
  @Column('smallint', { array: true })
  items: number[];

  /** Computed by PostgreSQL from the items (a generated column). */
  @Field(() => Int, { description: 'The sum of the items, 10 to 60.' })
  @Column({ type: 'int', insert: false, update: false })
  total: number;

  /** Resolved to `recordedBy: User!` by the resolver. */
  @Column('uuid', { name: 'recorded_by_id' })
  recordedById: string;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
