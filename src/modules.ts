/**
 * The domains that make up Beacon: each lists its entities, migrations and resolvers, and
 * this file gathers them for the data source and the schema.
 */
import type { RouteMount } from './server';
import * as audit from './audit/module';
import * as clients from './clients/module';
import * as directory from './directory/module';
import * as people from './people/module';
import * as referrals from './referrals/module';
import * as reports from './reports/module';

interface Domain {
  entities: Function[];
  migrations: Function[];
  resolvers: Function[];
  routes?: RouteMount[];
}

const domains: Domain[] = [people, audit, directory, clients, referrals, reports];

export const entities = domains.flatMap((d) => d.entities);
export const migrations = domains.flatMap((d) => d.migrations);
export const resolvers = domains.flatMap((d) => d.resolvers) as [Function, ...Function[]];
/** HTTP routes beside /graphql (the outcome report's CSV), each behind the same sign-in. */
export const routes: RouteMount[] = domains.flatMap((d) => d.routes ?? []);
