import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS attribute: links a service to a taxonomy term. */
@Entity('attribute')
export class Attribute {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'link_id' })
  serviceId: string;

  @Column('uuid', { name: 'taxonomy_term_id' })
  taxonomyTermId: string;
}
