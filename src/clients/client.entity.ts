import { Extensions, Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ContactPreference } from './enums';

/**
 * A person a coach supports. The personal fields (names, contact, birth year, postal code)
 * carry the mark { personal: true }; guardPersonalDetails (personal-fields.ts, applied once in
 * schema.ts) reads it and shows them only to whom they may be shown. A mark rather than a
 * middleware per field, so the entity imports no policy (which would import loaders, which
 * import the entity).
 */
@ObjectType({
  description:
    'A person a coach supports. Personal details are visible only to their coaches and supervisors, and to an agency that holds an active SHARE_CONTACT consent.',
})
@Entity('client')
export class Client {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The coach's peer-support organization. */
  @Column('uuid', { name: 'organization_id' })
  organizationId: string;

  @Column('uuid', { name: 'assigned_coach_id', nullable: true })
  assignedCoachId: string | null;

  @Field({ description: 'What the coach calls the client in the app; not necessarily the legal name.' })
  @Column('text')
  alias: string;

  @Field(() => String, { nullable: true })
  @Extensions({ personal: true })
  @Column('text', { name: 'first_name', nullable: true })
  firstName: string | null;

  @Field(() => String, { nullable: true })
  @Extensions({ personal: true })
  @Column('text', { name: 'last_name', nullable: true })
  lastName: string | null;

  @Field(() => String, { nullable: true })
  @Extensions({ personal: true })
  @Column('text', { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Extensions({ personal: true })
  @Column('text', { nullable: true })
  email: string | null;

  @Field(() => Int, { nullable: true })
  @Extensions({ personal: true })
  @Column('int', { name: 'birth_year', nullable: true })
  birthYear: number | null;

  @Field(() => String, { nullable: true })
  @Extensions({ personal: true })
  @Column('text', { name: 'postal_code', nullable: true })
  postalCode: string | null;

  @Field(() => [String])
  @Column('text', { array: true })
  languages: string[];

  @Field(() => ContactPreference)
  @Column('text', { name: 'contact_preference' })
  contactPreference: ContactPreference;

  @Field()
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

/** The fields an agency sees only under an active SHARE_CONTACT consent. */
export const PERSONAL_FIELDS = ['firstName', 'lastName', 'phone', 'email', 'birthYear', 'postalCode'] as const;
export type PersonalField = (typeof PERSONAL_FIELDS)[number];
