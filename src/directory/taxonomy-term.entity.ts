import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ServiceCategory } from './enums';

/** HSDS taxonomy_term; the tree is reference data loaded by the DirectoryTaxonomy migration. */
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
}
