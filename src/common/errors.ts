import { GraphQLError } from 'graphql';

/** One bad field: `field` is a dotted path such as input.locations.0.latitude. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * Base of every error a service may throw on purpose; anything else is masked as
 * INTERNAL_SERVER_ERROR. Inside a GraphQL response these travel with HTTP 200 (the errors
 * are in the body, beside any data); routes outside GraphQL answer with HTTP_STATUS.
 */
export class AppError extends GraphQLError {
  constructor(message: string, code: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extensions } });
  }

  get httpStatus(): number {
    return HTTP_STATUS[String(this.extensions.code)] ?? 400;
  }
}

const HTTP_STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429 };

/** An error found before the operation runs (by a plugin): Apollo answers it with the status in `extensions.http`. */
export function beforeExecution<E extends GraphQLError>(error: E, status = 400): E {
  (error.extensions as Record<string, unknown>).http = { status };
  return error;
}

export class Unauthenticated extends AppError {
  constructor(message = 'Sign in to do this.') {
    super(message, 'UNAUTHENTICATED');
  }
}

export class Forbidden extends AppError {
  constructor(message = 'Your role may not do this.') {
    super(message, 'FORBIDDEN');
  }
}

export class NotFound extends AppError {
  constructor(entity: string, id?: string) {
    super(id ? `${entity} ${id} not found.` : `${entity} not found.`, 'NOT_FOUND');
  }
}

export class BadInput extends AppError {
  constructor(readonly fields: FieldError[], message?: string) {
    super(message ?? fields.map((f) => `${f.field}: ${f.message}`).join('; '), 'BAD_USER_INPUT', { fields });
  }

  static field(field: string, message: string): BadInput {
    return new BadInput([{ field, message }]);
  }
}

export class Conflict extends AppError {
  constructor(message: string, currentVersion?: number) {
    super(message, 'CONFLICT', currentVersion === undefined ? {} : { currentVersion });
  }
}

export class InvalidTransition extends AppError {
  constructor(from: string, to: string, allowed: string[]) {
    super(`A referral cannot move from ${from} to ${to} here.`, 'INVALID_TRANSITION', { allowed });
  }
}

/** Too many attempts: `retryAfterSeconds` says when to try again (REST routes also send it as Retry-After). */
export class RateLimited extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message = `Too many attempts; try again in ${retryAfterSeconds} seconds.`,
  ) {
    super(message, 'RATE_LIMITED', { retryAfterSeconds });
  }
}

/**
 * Runs a write whose unique index may be hit by a concurrent writer that passed the same
 * check a moment earlier: the violation becomes the field error the check would have given.
 */
export async function saveUnique<T>(field: string, message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw BadInput.field(field, message);
    throw error;
  }
}

/** Collects field problems and throws them together, so a client sees every bad field at once. */
export class FieldProblems {
  private readonly list: FieldError[] = [];

  add(field: string, message: string): this {
    this.list.push({ field, message });
    return this;
  }

  check(condition: boolean, field: string, message: string): this {
    if (!condition) this.add(field, message);
    return this;
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new BadInput(this.list);
  }
}
