import { AuditEvent } from './audit-event.entity';
import { AuditResolver } from './audit.resolver';

export const entities = [AuditEvent];
export const migrations: Function[] = [];
export const resolvers = [AuditResolver];
