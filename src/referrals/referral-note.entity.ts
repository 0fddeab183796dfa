import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { NoteKind } from './enums';

/** A note on a referral: the advocacy work around it (calls, meetings, accompanying the client). */
@ObjectType()
@Entity('referral_note')
export class ReferralNote {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'referral_id' })
  referralId: string;

  @Field(() => NoteKind)
  @Column('text')
  kind: NoteKind;

  @Field()
  @Column('text')
  body: string;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @Field()
  @Column({ type: 'timestamptz', name: 'created_at', precision: 3 })
  createdAt: Date;
}
