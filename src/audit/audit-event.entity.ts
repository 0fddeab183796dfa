import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Parameters an action was asked with: names to a value or a list of values. */
export type AuditDetails = Record<string, string | string[] | null>;

@ObjectType()
@Entity('audit_event')
export class AuditEvent {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field()
  @Column('timestamptz')
  at: Date;

  @Column('uuid', { name: 'actor_id', nullable: true })
  actorId: string | null;

  @Field()
  @Column('text')
  action: string;

  @Field()
  @Column('text', { name: 'entity_type' })
  entityType: string;

  @Field(() => ID, { nullable: true })
  @Column('uuid', { name: 'entity_id', nullable: true })
  entityId: string | null;

  @Column('uuid', { name: 'subject_organization_id', nullable: true })
  subjectOrganizationId: string | null;

  @Field(() => String, { nullable: true, description: "The server's own id of the request." })
  @Column('text', { name: 'request_id', nullable: true })
  requestId: string | null;

  @Field(() => String, { nullable: true, description: 'The X-Request-Id the caller sent, when well formed: for matching its own logs, never trusted.' })
  @Column('text', { name: 'correlation_id', nullable: true })
  correlationId: string | null;

  /** What the action was asked with, where that matters later (an outcome report's parameters). */
  @Column('jsonb', { nullable: true })
  details: AuditDetails | null;
}
