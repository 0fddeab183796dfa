import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS cost_option of a service. */
@ObjectType()
@Entity('cost_option')
export class CostOption {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'service_id' })
  serviceId: string;

  @Field()
  @Column('text')
  option: string;

  @Field(() => Number, { nullable: true })
  @Column('numeric', { nullable: true })
  amount: number | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  currency: string | null;

  @Column('int')
  position: number;
}
