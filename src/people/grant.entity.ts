import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../common/scalars';

/** A funder's grant to a grantee organization; it scopes what the funder may report on. */
@ObjectType()
@Entity('funder_grant')
export class Grant {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('text')
  name: string;

  @Column('uuid', { name: 'funder_id' })
  funderId: string;

  @Column('uuid', { name: 'grantee_id' })
  granteeId: string;

  @Field(() => DateScalar)
  @Column('date', { name: 'starts_on' })
  startsOn: string;

  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'ends_on', nullable: true })
  endsOn: string | null;
}
