import { Directory1764000001000 } from '../db/migrations/1764000001000-Directory';
import { DirectoryTaxonomy1764000001100 } from '../db/migrations/1764000001100-DirectoryTaxonomy';
import { DirectorySearchIndexes1764000001200 } from '../db/migrations/1764000001200-DirectorySearchIndexes';
import { DirectorySearchVocabulary1764000001300 } from '../db/migrations/1764000001300-DirectorySearchVocabulary';
import { DirectorySearchPlaces1764000001400 } from '../db/migrations/1764000001400-DirectorySearchPlaces';
import { DirectoryPublicPoints1764000005100 } from '../db/migrations/1764000005100-DirectoryPublicPoints';
import { Address } from './address.entity';
import { Attribute } from './attribute.entity';
import { ServiceCapacity } from './capacity.entity';
import { CapacityResolver } from './capacity.resolver';
import { ChangeRecord } from './change-record.entity';
import { CostOption } from './cost-option.entity';
import { Language } from './language.entity';
import { Location } from './location.entity';
import { LocationResolver } from './location.resolver';
import { OrganizationServicesResolver } from './organization-services.resolver';
import { Phone } from './phone.entity';
import { Schedule } from './schedule.entity';
import { SearchResolver } from './search.resolver';
import { ServiceAtLocation } from './service-at-location.entity';
import { Service } from './service.entity';
import { ServiceResolver } from './service.resolver';
import { TaxonomyTerm } from './taxonomy-term.entity';
import { TaxonomyResolver } from './taxonomy.resolver';

export const entities: Function[] = [
  Service,
  Location,
  ServiceAtLocation,
  Address,
  Phone,
  Schedule,
  CostOption,
  ServiceCapacity,
  Language,
  TaxonomyTerm,
  Attribute,
  ChangeRecord,
];
export const migrations: Function[] = [
  Directory1764000001000, DirectoryTaxonomy1764000001100, DirectorySearchIndexes1764000001200, DirectorySearchVocabulary1764000001300, DirectorySearchPlaces1764000001400,
  DirectoryPublicPoints1764000005100,
];
export const resolvers: Function[] = [ServiceResolver, SearchResolver, LocationResolver, CapacityResolver, TaxonomyResolver, OrganizationServicesResolver];
