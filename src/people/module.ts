import { GrantResolver } from './grant.resolver';
import { OrganizationResolver } from './organization.resolver';
import { CertificationResolver, UserResolver } from './user.resolver';

export const resolvers = [OrganizationResolver, UserResolver, CertificationResolver, GrantResolver];
