import type { ApolloServerPlugin } from '@apollo/server';
import { TypeInfo, getNamedType, valueFromAST, visit, visitWithTypeInfo } from 'graphql';
import { BadInput, beforeExecution } from './errors';
import { isUuid } from './ids';

/** The form of every id. */

/**
 * Every id is a UUID: a malformed one in an argument is BAD_USER_INPUT naming the argument,
 * found once per operation before it runs, rather than a database error in some resolver.
 * (Ids inside input objects are checked by class-validator.)
 */
export const idArgumentsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, schema, request }) {
        const typeInfo = new TypeInfo(schema);
        const problems: { field: string; message: string }[] = [];
        visit(
          document,
          visitWithTypeInfo(typeInfo, {
            Argument(node) {
              const arg = typeInfo.getArgument();
              if (!arg || getNamedType(arg.type).name !== 'ID') return;
              const value = valueFromAST(node.value, arg.type, request.variables ?? {});
              const values: unknown[] = Array.isArray(value) ? value : value == null ? [] : [value];
              values.forEach((v, i) => {
                if (!isUuid(v)) {
                  problems.push({ field: Array.isArray(value) ? `${arg.name}.${i}` : arg.name, message: 'must be an id' });
                }
              });
            },
          }),
        );
        if (problems.length > 0) throw beforeExecution(new BadInput(problems));
      },
    };
  },
};
