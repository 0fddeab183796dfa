import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS 3.1 service_capacity: live availability, e.g. open beds. `stale` is a field resolver (it needs the configured window). */
@ObjectType('Capacity', { description: 'HSDS 3.1 service_capacity: live availability, e.g. open beds.' })
@Entity('service_capacity')
export class ServiceCapacity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'service_id' })
  serviceId: string;

  @Field(() => Int)
  @Column('int')
  available: number;

  @Field(() => Int, { nullable: true })
  @Column('int', { nullable: true })
  maximum: number | null;

  @Field()
  @Column('text')
  unit: string;

  @Field()
  @Column('timestamptz', { name: 'updated' })
  updatedAt: Date;
}
