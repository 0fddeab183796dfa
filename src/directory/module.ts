import { CapacityResolver } from './capacity.resolver';
import { LocationResolver } from './location.resolver';
import { OrganizationServicesResolver } from './organization-services.resolver';
import { SearchResolver } from './search.resolver';
import { ServiceResolver } from './service.resolver';
import { TaxonomyResolver } from './taxonomy.resolver';

export const resolvers: Function[] = [ServiceResolver, SearchResolver, LocationResolver, CapacityResolver, TaxonomyResolver, OrganizationServicesResolver];
