import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../context';
import type { Client } from './client.entity';
import { showsPersonalFields } from './client-view';

/**
 * Global middleware (schema.ts): on each field marked `@Extensions({ personal: true })`, its
 * value for whom it may be shown (showsPersonalFields), null for everyone else. The mark is
 * on Client's personal fields only, so a marked field's root is a Client. Every other field
 * passes straight through: one property look-up, then next(). A mark instead of a middleware
 * per field, so a new personal field cannot forget the rule and the entity imports no policy.
 */
export const PersonalDetail: MiddlewareFn<Context> = ({ root, context, info }, next) => {
  if (info.parentType.getFields()[info.fieldName].extensions.personal !== true) return next();
  return showsPersonalFields(context, root as Client).then((shown) => (shown ? next() : null));
};
