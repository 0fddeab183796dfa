import { registerDecorator, type ValidationArguments } from 'class-validator';
import { BadInput } from '../common/errors';
import { passwordProblem } from './password-problem';

/** BAD_USER_INPUT naming `field` when the password breaks a rule. */
export function assertPassword(field: string, password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw BadInput.field(field, problem);
}

/**
 * The same rules on an input type whose `email` sits beside the password (CreateUserInput), so a
 * bad password is reported together with the input's other bad fields.
 */
export function IsAcceptablePassword(): PropertyDecorator {
  const problem = ({ value, object }: ValidationArguments) =>
    typeof value === 'string' ? passwordProblem(value, (object as { email?: string }).email) : 'must be text';
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAcceptablePassword',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => problem(args) === null,
        defaultMessage: (args: ValidationArguments) => problem(args) ?? '',
      },
    });
}
