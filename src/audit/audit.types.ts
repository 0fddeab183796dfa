import { Field, ID, InputType } from 'type-graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { ConnectionType } from '../common/pagination';
import { AuditEvent } from './audit-event.entity';

@InputType()
export class AuditFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) actorId?: string;
  @Field({ nullable: true }) entityType?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: 'must be an id' }) entityId?: string;
  @Field({ nullable: true }) since?: Date;
  @Field({ nullable: true }) until?: Date;
}

export const AuditEventConnection = ConnectionType('AuditEvent', AuditEvent);
