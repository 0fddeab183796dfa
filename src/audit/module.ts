import { AuditCorrelationId1764000005500 } from '../db/migrations/1764000005500-AuditCorrelationId';
import { AuditEvent } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';

export const entities = [AuditEvent];
export const migrations: Function[] = [AuditCorrelationId1764000005500];
export const resolvers = [AuditResolver];
