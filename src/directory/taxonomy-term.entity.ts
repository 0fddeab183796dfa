import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceCategory } from './enums';

/**
 * Beacon's own taxonomy (the HsdsModel migration's record of it): the GraphQL API and its
 * category filters read only its terms; imported taxonomies (Open Eligibility, 211/AIRS, ...)
 * are served through /hsds. A term's id is the UUIDv5 of its code under this id, the same in
 * every Beacon; a migration that adds a term gives it its id that way.
 */
export const BEACON_TAXONOMY_ID = '8d9bc03c-92a7-4075-b7d1-05bc4272ad34';

/** HSDS taxonomy_term; Beacon's tree is reference data loaded by the DirectoryTaxonomy migration. */
@ObjectType()
@Entity('taxonomy_term')
export class TaxonomyTerm {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field({ description: 'Stable dotted code, e.g. treatment.medication-assisted.' })
  @Column('text')
  code: string;

  @Field()
  @Column('text')
  name: string;

  @Field(() => String, { nullable: true })
  @Column('text', { nullable: true })
  description: string | null;

  @Field(() => ServiceCategory)
  @Column('text')
  category: ServiceCategory;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('int')
  position: number;

  @Column('uuid', { name: 'taxonomy_id', nullable: true })
  taxonomyId: string | null;
}
