import { ValidationError, validate } from 'class-validator';
import { GraphQLInputObjectType, getNamedType } from 'graphql';
import type { ResolverData } from 'type-graphql';
import { BadInput, type FieldError } from './errors';

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
