import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS address (the physical one) of a location. */
@ObjectType()
@Entity('address')
export class Address {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'location_id' })
  locationId: string;

  @Field()
  @Column('text', { name: 'address_1' })
  address1: string;

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'address_2', nullable: true })
  address2: string | null;

  @Field()
  @Column('text')
  city: string;

  @Field()
  @Column('text', { name: 'state_province' })
  stateProvince: string;

  @Field()
  @Column('text', { name: 'postal_code' })
  postalCode: string;

  @Field()
  @Column('text')
  country: string;

  /** HSDS: physical, postal or virtual; a location holds at most one of each. */
  @Column('text', { name: 'address_type', default: 'physical' })
  addressType: string;
}
