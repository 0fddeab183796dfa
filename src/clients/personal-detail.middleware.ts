import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../context';
import type { Client } from './client.entity';
import { showsPersonalFields } from './client-view';

/**
 * On each personal field of Client: its value for whom it may be shown (showsPersonalFields),
 * null for everyone else. One field middleware instead of a resolver per field, so a new
 * personal field cannot forget the rule.
 */
export const PersonalDetail: MiddlewareFn<Context> = async ({ root, context }, next) =>
  (await showsPersonalFields(context, root as Client)) ? next() : null;
