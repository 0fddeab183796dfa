/**
 * The domains that make up Beacon's API: each lists its resolvers (and HTTP routes, if any),
 * and this file gathers them for the schema and the server. The database layer lists its own
 * entities and migrations (src/db), so it never reaches a resolver through here.
 */
import type { RouteMount } from './common/http';
import * as audit from './audit/module';
import * as auth from './auth/module';
import * as clients from './clients/module';
import * as directory from './directory/module';
import * as hsds from './hsds/module';
import * as notifications from './notifications/module';
import * as people from './people/module';
import * as recovery from './recovery/module';
import * as referrals from './referrals/module';
import * as reports from './reports/module';

interface Domain {
  resolvers: Function[];
  routes?: RouteMount[];
}

const domains: Domain[] = [auth, people, audit, directory, clients, referrals, recovery, reports, notifications, hsds];

export const resolvers = domains.flatMap((d) => d.resolvers) as [Function, ...Function[]];
/** HTTP routes beside /graphql (the reports' CSV), each behind the same sign-in. */
export const routes: RouteMount[] = domains.flatMap((d) => d.routes ?? []);
