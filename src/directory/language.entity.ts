import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS language: an ISO 639 code a service is delivered in. */
@Entity('language')
export class Language {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'service_id' })
  serviceId: string;

  @Column('text')
  code: string;

  @Column('int')
  position: number;
}
