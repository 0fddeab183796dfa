import { dictionary } from '@zxcvbn-ts/language-common';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

// Apart from password-rules.ts (which throws GraphQL errors), so that loading the configuration loads no graphql:
// tracing has to start before graphql is first required.

const COMMON_PASSWORDS_REFUSED = 10_000;

/** The list is ranked, most common first; read once per process. */
const COMMON_PASSWORDS = new Set(
  dictionary['passwords-common'].slice(0, COMMON_PASSWORDS_REFUSED).map((password) => password.toLowerCase()),
);

/**
 * What is wrong with a new password for the account with `email`, or null: 12 to 200
 * characters, not one of the 10,000 most common passwords, not one character repeated, not the
 * email (the last two compared case-insensitively, like the list).
 */
export function passwordProblem(password: string, email?: string | null): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (/^(.)\1*$/su.test(password)) return 'must not be one character repeated';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return `is one of the ${COMMON_PASSWORDS_REFUSED.toLocaleString('en-US')} most common passwords`;
  if (email && lower.trim() === email.trim().toLowerCase()) return 'must not be the email address';
  return null;
}
