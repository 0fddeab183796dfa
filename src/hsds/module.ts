import { hsdsRoutes, hsdsUnknownPaths } from './api/routes';
import { hsdsImportRoute } from './import.route';

export const resolvers: Function[] = [];
/** The API's paths and the admins' import, then NOT_FOUND for any other path under /hsds (other /hsds routes go before that last one). */
export const routes = [hsdsRoutes, hsdsImportRoute, hsdsUnknownPaths];
