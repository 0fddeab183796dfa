import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DateScalar } from '../common/scalars';

@ObjectType()
@Entity('certification')
export class Certification {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text')
  issuer: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  number: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'issued_on', nullable: true })
  issuedOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  @Column('date', { name: 'expires_on', nullable: true })
  expiresOn: string | null;
}
