import { defaultFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Context } from '../context';
import type { Client } from './client.entity';
import { showsPersonalFields } from './client-view';

/**
 * On each field marked `@Extensions({ personal: true })` (Client's personal fields): its value
 * for whom it may be shown (showsPersonalFields), null for everyone else. The mark is read once,
 * when the schema is built, and only marked fields get the check: a type-graphql global
 * middleware would turn every field of every response into a promise to find the six that carry it.
 */
export function guardPersonalDetails(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType)) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.extensions.personal !== true) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = async (root: Client, args, context: Context, info) =>
        (await showsPersonalFields(context, root)) ? resolve(root, args, context, info) : null;
    }
  }
  return schema;
}
