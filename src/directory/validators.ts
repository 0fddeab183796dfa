import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isTimeZone } from '../config';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });

/** An ISO 639-1 or 639-2/3 code that ICU knows a name for (ICU echoes unknown codes back). */
function isLanguageCode(code: string): boolean {
  return /^[a-z]{2,3}$/.test(code) && languageNames.of(code) !== code;
}

export function IsLanguageCode(options?: ValidationOptions) {
  return ValidateBy(
    { name: 'isLanguageCode', validator: { validate: (value) => typeof value === 'string' && isLanguageCode(value) } },
    { message: 'must be an ISO 639 language code such as en or es', ...options },
  );
}

export function IsTimeZone(options?: ValidationOptions) {
  return ValidateBy(
    { name: 'isTimeZone', validator: { validate: (value) => typeof value === 'string' && /^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(value) && isTimeZone(value) } },
    { message: 'must be an IANA time zone such as America/New_York', ...options },
  );
}

/** The decorated number may not exceed the sibling property `other` (when both are given). */
export function NotAbove(other: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'notAbove',
      constraints: [other],
      validator: {
        validate: (value, args) => {
          const limit = (args?.object as Record<string, unknown>)[other];
          return typeof value !== 'number' || typeof limit !== 'number' || value <= limit;
        },
      },
    },
    { message: `must not be above ${other}`, ...options },
  );
}

/** The decorated value must differ from the sibling property `other`. */
export function DiffersFrom(other: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'differsFrom',
      constraints: [other],
      validator: { validate: (value, args) => value !== (args?.object as Record<string, unknown>)[other] },
    },
    { message: `must differ from ${other}`, ...options },
  );
}

/** The decorated value and the sibling property `other` are given together or not at all. */
export function GivenWith(other: string, options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'givenWith',
      constraints: [other],
      validator: { validate: (value, args) => (value == null) === ((args?.object as Record<string, unknown>)[other] == null) },
    },
    { message: `must be given together with ${other}`, ...options },
  );
}
