import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import {
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type StringValueNode,
  type ValueNode,
} from 'graphql';
import { BadInput, beforeExecution, type FieldError } from './errors';
import { isUuid } from './ids';

const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain a NUL character';

/** What one pass over an operation's input found: the bad fields, and the id literals to spell in lower case. */
class InputPass {
  private readonly found = new Map<string, FieldError>();
  readonly literals = new Map<StringValueNode, string>();

  constructor(private readonly variables: Record<string, unknown>) {}

  /**
   * A literal at `path` of `type`. `argument` says it is the argument itself (or an item of a
   * list argument): ids there must be UUIDs; inside input objects class-validator says so.
   */
  literal(node: ValueNode, type: GraphQLInputType, path: string, argument: boolean): void {
    const nullable = getNullableType(type);
    if (node.kind === Kind.VARIABLE) {
      const name = node.name.value;
      if (name in this.variables) this.value(this.variables[name], type, path, argument, (v) => (this.variables[name] = v));
    } else if (isListType(nullable)) {
      // A single value where a list is expected is coerced to a list of one.
      if (node.kind === Kind.LIST) node.values.forEach((item, i) => this.literal(item, nullable.ofType, `${path}.${i}`, argument));
      else this.literal(node, nullable.ofType, path, argument);
    } else if (node.kind === Kind.OBJECT && isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      for (const field of node.fields) {
        const definition = fields[field.name.value];
        if (definition) this.literal(field.value, definition.type, `${path}.${field.name.value}`, false);
      }
    } else if (node.kind === Kind.STRING) {
      this.text(node.value, type, path, argument, (v) => this.literals.set(node, v));
    }
  }

  /** A variable's value (JSON) at `path` of `type`; `replace` writes a normalized value back in its place. */
  value(value: unknown, type: GraphQLInputType, path: string, argument: boolean, replace: (v: string) => void): void {
    const nullable = getNullableType(type);
    if (value === null || value === undefined) return;
    if (isListType(nullable)) {
      if (Array.isArray(value)) value.forEach((item, i) => this.value(item, nullable.ofType, `${path}.${i}`, argument, (v) => (value[i] = v)));
      else this.value(value, nullable.ofType, path, argument, replace);
    } else if (isInputObjectType(nullable) && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      const fields = nullable.getFields();
      for (const key of Object.keys(record)) {
        if (fields[key]) this.value(record[key], fields[key].type, `${path}.${key}`, false, (v) => (record[key] = v));
      }
    } else if (typeof value === 'string') {
      this.text(value, type, path, argument, replace);
    }
  }

  /** Bad fields, each once (a variable used by two arguments is read twice). */
  get problems(): FieldError[] {
    return [...this.found.values()];
  }

  private problem(field: string, message: string): void {
    this.found.set(`${field}\n${message}`, { field, message });
  }

  private text(text: string, type: GraphQLInputType, path: string, argument: boolean, replace: (v: string) => void): void {
    if (text.includes(NUL)) {
      this.problem(path, NUL_MESSAGE);
    } else if (getNamedType(type).name === 'ID') {
      if (isUuid(text)) {
        if (text !== text.toLowerCase()) replace(text.toLowerCase());
      } else if (argument) {
        this.problem(path, 'must be an id');
      }
    }
  }
}

/** Visits the operation that runs and the fragments it may use, with their types. */
function walk(schema: GraphQLSchema, document: DocumentNode, operation: ASTNode, pass: InputPass): void {
  const typeInfo = new TypeInfo(schema);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const node of [operation, ...fragments]) {
    visit(
      node,
      visitWithTypeInfo(typeInfo, {
        VariableDefinition(definition) {
          const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
          if (definition.defaultValue && type) pass.literal(definition.defaultValue, type, definition.variable.name.value, true);
        },
        Argument(argument) {
          const definition = typeInfo.getArgument();
          if (definition) pass.literal(argument.value, definition.type, definition.name, true);
        },
      }),
    );
  }
}

/**
 * One pass over every argument before the operation runs, following variables into their
 * values (input objects and lists at any depth):
 * - text with a NUL character is BAD_USER_INPUT naming its path (input.locations.0.name):
 *   PostgreSQL refuses NUL in text, and the failure would otherwise be an internal error;
 * - an id argument that is not a UUID is BAD_USER_INPUT naming the argument;
 * - every id is read case-insensitively: it is spelled in lower case, as PostgreSQL returns
 *   uuids, so DataLoader keys and comparisons in code see one spelling. Variables are rewritten
 *   in place; literals in a copy of the document, which is returned to be executed (the cached
 *   parse stays as it was), or `document` itself when no literal changed.
 * Throws BadInput listing every bad field. Used by the HTTP plugin below and by the WebSocket
 * path (notifications/subscription-server.ts), which Apollo's plugins never see.
 */
export function normalizeInputValues(schema: GraphQLSchema, document: DocumentNode, operation: ASTNode, variables: Record<string, unknown>): DocumentNode {
  const pass = new InputPass(variables);
  walk(schema, document, operation, pass);
  if (pass.problems.length > 0) throw new BadInput(pass.problems);
  if (pass.literals.size === 0) return document;
  return visit(document, {
    StringValue: (node) => (pass.literals.has(node) ? { ...node, value: pass.literals.get(node)! } : undefined),
  });
}

/** normalizeInputValues on every GraphQL request over HTTP, before it runs. */
export const inputValuesPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation(requestContext) {
        const { schema, document, operation, request } = requestContext;
        if (!operation) return;
        let normalized: DocumentNode;
        try {
          normalized = normalizeInputValues(schema, document, operation, request.variables ?? {});
        } catch (error) {
          throw error instanceof BadInput ? beforeExecution(error) : error;
        }
        if (normalized !== document) (requestContext as { document: DocumentNode }).document = normalized;
      },
    };
  },
};

/** A query parameter is a string, or a list or object of them (a=1&a=2, a[b]=1). */
function holdsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  return typeof value === 'object' && value !== null && Object.values(value).some(holdsNul);
}

/** The REST routes' query parameters (?from=…&organizationIds=…): a NUL in any of them is BAD_USER_INPUT naming it. */
export function refuseNulInQuery(req: Request, _res: Response, next: NextFunction): void {
  const fields = Object.entries(req.query)
    .filter(([, value]) => holdsNul(value))
    .map(([field]) => ({ field, message: NUL_MESSAGE }));
  next(fields.length > 0 ? new BadInput(fields) : undefined);
}
