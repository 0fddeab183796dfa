import type express from 'express';

/**
 * An HTTP route beside /graphql: mounted on the app with the same sign-in as the API. Kept here,
 * below both the server and the domains, so a domain's route need not import the server.
 */
export type RouteMount = (app: express.Express, authenticate: express.RequestHandler) => void;
