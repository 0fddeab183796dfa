import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS phone of a location. */
@ObjectType()
@Entity('phone')
export class Phone {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'location_id' })
  locationId: string;

  @Field()
  @Column('text')
  number: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  type: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Column('int')
  position: number;
}
