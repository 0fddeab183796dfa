import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Insurance, Population, ServiceCategory, ServiceStatus } from './enums';

/**
 * HSDS service. Organization, taxonomy terms, locations, capacity, languages, eligibility,
 * cost options and openNow are field resolvers (src/directory/service.resolver.ts) that load
 * through the request's DataLoaders.
 */
@ObjectType()
@Entity('service')
export class Service {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Field()
  @Column('text')
  name: string;

  @Field()
  @Column('text')
  description: string;

  @Field(() => ServiceCategory)
  @Column('text')
  category: ServiceCategory;

  @Field(() => ServiceStatus)
  @Column('text')
  status: ServiceStatus;

  @Column('int', { name: 'minimum_age', nullable: true })
  minimumAge: number | null;

  @Column('int', { name: 'maximum_age', nullable: true })
  maximumAge: number | null;

  @Column('text', { name: 'eligibility_description', nullable: true })
  eligibilityDescription: string | null;

  @Column('text', { array: true })
  populations: Population[];

  @Field(() => [Insurance])
  @Column('text', { name: 'accepted_insurance', array: true })
  acceptedInsurance: Insurance[];

  @Field(() => [String])
  @Column('text', { name: 'required_documents', array: true })
  requiredDocuments: string[];

  @Field(() => String, { nullable: true })
  @Column('text', { name: 'application_process', nullable: true })
  applicationProcess: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  url: string | null;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  email: string | null;

  /** HSDS assured_date: when the agency last confirmed the listing. */
  @Field(() => Date, { nullable: true })
  @Column('timestamptz', { name: 'assured_date', nullable: true })
  lastVerifiedAt: Date | null;

  @Field(() => Int, { description: 'Increments on every change; pass it back as expectedVersion.' })
  @Column('int')
  version: number;

  @Field()
  @Column({ type: 'timestamptz', name: 'created_at', insert: false, update: false })
  createdAt: Date;

  @Field()
  @Column({ type: 'timestamptz', name: 'updated_at', insert: false })
  updatedAt: Date;
}
