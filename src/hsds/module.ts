import { hsdsRoutes, hsdsUnknownPaths } from './api/routes';

export const resolvers: Function[] = [];
/** The API's paths, then NOT_FOUND for any other path under /hsds: other /hsds routes go before that last one. */
export const routes = [hsdsRoutes, hsdsUnknownPaths];
