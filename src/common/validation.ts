import { ValidationError, validate } from 'class-validator';
import { GraphQLInputObjectType, getNamedType, isListType, isNonNullType, type GraphQLInputType } from 'graphql';
import type { MiddlewareFn, ResolverData } from 'type-graphql';
import { BadInput, type FieldError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** class-validator's nested errors as one entry per bad field, under the argument's name (input.locations.0.latitude). */
function flatten(errors: ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * type-graphql's validateFn: validates an input object with class-validator and reports
 * every bad field as BAD_USER_INPUT. The argument's name is found from the field's
 * definition, matching the input type's GraphQL name.
 */
export async function validateInput(value: unknown, type: unknown, data: ResolverData<object>): Promise<void> {
  if (value === null || typeof value !== 'object') return;
  const definition = data.info.parentType.getFields()[data.info.fieldName];
  const typeName = (type as { name?: string }).name;
  const arg = definition?.args.find((a) => {
    const named = getNamedType(a.type);
    return named instanceof GraphQLInputObjectType && named.name === typeName;
  });
  const prefix = arg?.name ?? 'input';
  // Lists of scalars or enums (kinds: [PROVIDER]) have nothing for class-validator to check.
  const items = (Array.isArray(value) ? value : [value]).map((item, i) => ({ item, path: Array.isArray(value) ? `${prefix}.${i}` : prefix }));
  const errors = (
    await Promise.all(
      items
        .filter(({ item }) => item !== null && typeof item === 'object')
        .map(async ({ item, path }) => flatten(await validate(item, { skipMissingProperties: true, forbidUnknownValues: false }), path)),
    )
  ).flat();
  if (errors.length > 0) throw new BadInput(errors);
}

function isIdType(type: GraphQLInputType): boolean {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return isIdType(inner.ofType);
  return getNamedType(type).name === 'ID';
}

/**
 * Every id is a UUID; a malformed one in a top-level argument is BAD_USER_INPUT naming it,
 * rather than a database error. (Ids inside input objects are checked by class-validator.)
 */
export const checkIdArguments: MiddlewareFn = ({ args, info }, next) => {
  const definition = info.parentType.getFields()[info.fieldName];
  for (const arg of definition?.args ?? []) {
    const value = args[arg.name];
    if (value == null || !isIdType(arg.type)) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    values.forEach((v, i) => {
      if (typeof v !== 'string' || !UUID.test(v)) {
        throw BadInput.field(Array.isArray(value) ? `${arg.name}.${i}` : arg.name, 'must be an id');
      }
    });
  }
  return next();
};
