import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS service_at_location: which locations a service is delivered at, in the listing's order. */
@Entity('service_at_location')
export class ServiceAtLocation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'service_id' })
  serviceId: string;

  @Column('uuid', { name: 'location_id' })
  locationId: string;

  @Column('int')
  position: number;
}
