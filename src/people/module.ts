import { AuthResolver } from '../auth/auth.resolver';
import { People1764000000000 } from '../db/migrations/1764000000000-People';
import { TokenVersion1764000005300 } from '../db/migrations/1764000005300-TokenVersion';
import { Certification } from './certification.entity';
import { GrantResolver } from './grant.resolver';
import { Grant } from './grant.entity';
import { OrganizationResolver } from './organization.resolver';
import { Organization } from './organization.entity';
import { CertificationResolver, UserResolver } from './user.resolver';
import { User } from './user.entity';

export const entities = [Organization, User, Certification, Grant];
export const migrations = [People1764000000000, TokenVersion1764000005300];
export const resolvers = [AuthResolver, OrganizationResolver, UserResolver, CertificationResolver, GrantResolver];
