import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, LocalDateResolver } from 'graphql-scalars';

/** `DateTime`: an ISO-8601 instant; JS Date in resolvers. */
export const DateTimeScalar = DateTimeResolver;

/** `Date`: a calendar day, YYYY-MM-DD, kept as a string end to end (no time zone to go wrong). */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD.',
});
