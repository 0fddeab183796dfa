import { AuditResolver } from './audit.resolver';

export const resolvers = [AuditResolver];
