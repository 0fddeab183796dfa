import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({
  description: 'A warm hand-off: the client moves from one coach to another (a peer support worker to a recovery coach, say) with a note for the new coach.',
})
@Entity('client_handoff')
export class Handoff {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'client_id' })
  clientId: string;

  /** Resolved to `from: User` (null when the client had no coach). */
  @Column('uuid', { name: 'from_coach_id', nullable: true })
  fromCoachId: string | null;

  /** Resolved to `to: User!`. */
  @Column('uuid', { name: 'to_coach_id' })
  toCoachId: string;

  /** The coach or supervisor who made the hand-off. */
  @Column('uuid', { name: 'handed_off_by_id' })
  handedOffById: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  note: string | null;

  @Field()
  @Column({ type: 'timestamptz', insert: false })
  at: Date;
}
