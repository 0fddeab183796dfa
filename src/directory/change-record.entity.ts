import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** HSDS metadata: one changed field of a listing, its previous and new value, who and when. */
@Entity('metadata')
export class ChangeRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'resource_id' })
  resourceId: string;

  @Column('text', { name: 'resource_type' })
  resourceType: string;

  @Column({ type: 'timestamptz', name: 'last_action_date', insert: false })
  at: Date;

  @Column('text', { name: 'last_action_type' })
  action: string;

  @Column('text', { name: 'field_name' })
  field: string;

  @Column('jsonb', { name: 'previous_value', nullable: true })
  previousValue: unknown;

  @Column('jsonb', { name: 'replacement_value', nullable: true })
  newValue: unknown;

  @Column('uuid', { name: 'updated_by_id', nullable: true })
  updatedById: string | null;
}
