import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ConnectionType, PageInfo } from '../common/pagination';
import { Population, ServiceCategory } from './enums';
import { Service } from './service.entity';

@ObjectType()
export class Eligibility {
  @Field(() => Int, { nullable: true }) minimumAge: number | null;
  @Field(() => Int, { nullable: true }) maximumAge: number | null;
  @Field(() => [Population]) populations: Population[];
  @Field(() => String, { nullable: true }) description: string | null;
}

@ObjectType()
export class ServicePayload {
  @Field(() => Service) service: Service;
}

export const ServiceConnection = ConnectionType('Service', Service);

@ObjectType()
export class CategoryCount {
  @Field(() => ServiceCategory) category: ServiceCategory;
  @Field(() => Int) count: number;
}

@ObjectType()
export class SearchFacets {
  @Field(() => [CategoryCount], { description: 'Counts per category over the whole result set, ignoring the categories criterion itself.' })
  categories: CategoryCount[];
}

@ObjectType()
export class ServiceSearchEdge {
  @Field() cursor: string;
  @Field(() => Service) node: Service;
  @Field(() => Float, { nullable: true, description: 'Distance to the nearest location of the service, when the search gave near. A confidential location the viewer may not see counts from its public point (the centre of its 0.1° cell), in whole kilometres.' })
  distanceKm: number | null;
  @Field(() => Boolean, { nullable: true, description: "Open at the search's openAt (now when it gave none); null when no location has hours." })
  open: boolean | null;
}

@ObjectType()
export class ServiceSearchConnection {
  @Field(() => [ServiceSearchEdge]) edges: ServiceSearchEdge[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int) totalCount: Promise<number>;
  @Field(() => SearchFacets) facets: SearchFacets;
  @Field({ description: 'True when totalCount and the facets are estimates: the search matches more than 1,000 services (over all categories), and past that they are estimated from a sample, counted by the same criteria. False: they are exact.' })
  countsAreEstimates: boolean;
}
