import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isListType,
  isNonNullType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { beforeExecution } from './errors';
import { DEFAULT_PAGE } from './pagination';

export const MAX_DEPTH = 12;
/** Enough for a screen that asks for a few things at once; far too few to fan one request out into hundreds of searches. */
export const MAX_ROOT_FIELDS = 10;

/**
 * Introspection's own fields: what they select is the schema (its types, fields and their
 * `ofType` chains), never data, so each counts as one level and costs 1 however much it
 * selects (the standard introspection query is some 15 levels deep). graphql-js's
 * MaxIntrospectionDepthRule bounds their fan-out, and Apollo refuses them altogether when
 * introspection is off. Only a field's name counts, never its alias, and they exist only on
 * the query root, so no real field can sit under one.
 */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * Every field costs 1 plus its children; a connection costs its `first` (default 20) times
 * its children, and a plain list its `first` when it takes one. An introspection field costs 1,
 * whatever it selects from the schema.
 */
const estimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  if (INTROSPECTION_FIELDS.has(field.name)) return 1;
  const isConnection = getNamedType(field.type).name.endsWith('Connection');
  const first = typeof args.first === 'number' ? args.first : isConnection ? DEFAULT_PAGE : 1;
  return 1 + (isConnection || isList(field.type) ? first : 1) * childComplexity;
};

/** The estimated cost of one operation of `document`, as the limit sees it. */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
}

function depth(selectionSet: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!selectionSet) return 0;
  let deepest = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const counted = selection.selectionSet && !INTROSPECTION_FIELDS.has(selection.name.value);
      deepest = Math.max(deepest, counted ? 1 + depth(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depth(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      const fragment = fragments.get(selection.name.value);
      deepest = Math.max(deepest, depth(fragment?.selectionSet, fragments, new Set(seen).add(selection.name.value)));
    }
  }
  return deepest;
}

function rootFieldCount(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): number {
  return selectionSet.selections.reduce((count, selection) => {
    if (selection.kind === Kind.FIELD) return count + 1;
    const inner = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    return count + (inner ? rootFieldCount(inner, fragments) : 0);
  }, 0);
}

function refusal(message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...extensions } });
}

/**
 * Why `operation` of `document` may not run (too deep, too costly, or fanning out over too many
 * root fields), or undefined when it may. Used by the HTTP plugin below and by the WebSocket
 * path (notifications/subscription-server.ts), which Apollo's plugins never see.
 */
export function queryLimitRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  operationName: string | undefined,
  maxCost: number,
): GraphQLError | undefined {
  const fragments = new Map(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const opDepth = depth(operation.selectionSet, fragments, new Set());
  if (opDepth > MAX_DEPTH) return refusal(`The query is ${opDepth} levels deep; at most ${MAX_DEPTH} are allowed.`, { maxDepth: MAX_DEPTH });
  const roots = rootFieldCount(operation.selectionSet, fragments);
  if (roots > MAX_ROOT_FIELDS) return refusal(`The query asks for ${roots} root fields; at most ${MAX_ROOT_FIELDS} are allowed.`, { maxRootFields: MAX_ROOT_FIELDS });
  let cost: number;
  try {
    cost = operationCost(schema, document, variables, operationName);
  } catch {
    // Variables that do not fit the operation: execution reports them as BAD_USER_INPUT, naming the path.
    return undefined;
  }
  if (cost > maxCost) return refusal(`The query would cost ${cost}; the limit is ${maxCost}. Ask for fewer items per page.`, { cost, maxCost });
  return undefined;
}

/** Refuses, before anything runs, an operation that is too deep, too costly or fans out over too many root fields. */
export function queryLimitsPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation, schema }) {
          const refused = queryLimitRefusal(schema, document, operation as OperationDefinitionNode, request.variables ?? {}, request.operationName ?? undefined, maxCost);
          if (refused) throw beforeExecution(refused);
        },
      };
    },
  };
}
