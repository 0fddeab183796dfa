import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * HSDS location. Address, latitude and longitude have no @Field here on purpose: they are
 * field resolvers (location.resolver.ts) that apply the confidential-location rule.
 */
@ObjectType()
@Entity('location')
export class Location {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  name: string | null;

  @Field({
    description:
      'A confidential location (a domestic-violence shelter, say) shows its address and coordinates only to signed-in coaches, supervisors, its own agency and admins; to everyone else they are null.',
  })
  @Column('boolean')
  confidential: boolean;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Field()
  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Field(() => [String])
  @Column('text', { array: true })
  accessibility: string[];
}
