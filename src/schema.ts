import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { guardPersonalDetails } from './clients/personal-fields';
import { DateTimeScalar } from './common/scalars';
import { validateInput } from './common/validation';
import { noTopics } from './notifications/subscription-pubsub';
import { resolvers } from './modules';

/** Scripts and tests run from the project's root. */
export const SCHEMA_FILE = path.resolve('schema', 'schema.graphql');

export async function buildSchema(): Promise<GraphQLSchema> {
  const schema = await buildTypeGraphQLSchema({
    resolvers,
    authChecker,
    validateFn: validateInput,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    pubSub: noTopics,
  });
  return guardPersonalDetails(schema);
}

/** The schema as committed in schema/schema.graphql: printed in sorted order so diffs stay small. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

export async function emitSchema(file = SCHEMA_FILE): Promise<void> {
  await writeFile(file, printSortedSchema(await buildSchema()));
}

if (require.main === module) {
  emitSchema().then(
    () => console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
