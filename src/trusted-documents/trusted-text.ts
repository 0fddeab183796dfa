import { AppError } from '../common/errors';
import type { AllowList } from './allow-list';

/** A hash that names no document of the manifest, sent without the document's text (Apollo's code, so persisted-query clients know to send the text). */
export class PersistedQueryNotFound extends AppError {
  constructor() {
    super('No trusted document has this hash.', 'PERSISTED_QUERY_NOT_FOUND');
  }
}

/** A signed-in caller's document that is not one of the client apps' (with TRUSTED_DOCUMENTS=true). */
export class PersistedQueryNotInList extends AppError {
  constructor() {
    super("Signed-in callers may send only the client apps' documents (schema/operations), by hash or in full.", 'PERSISTED_QUERY_NOT_IN_LIST');
  }
}

/** What a GraphQL operation asked to run, over HTTP or graphql-ws. */
export interface Asked {
  query: unknown;
  operationName: unknown;
  /** The persisted query's SHA-256 (hex); undefined when none was sent. */
  hash: string | undefined;
}

/**
 * The text to run for `asked`, the one rule for both paths: a hash (from anyone) runs the
 * manifest's document, or is PERSISTED_QUERY_NOT_FOUND when the text was not sent too (an
 * unknown hash beside a text is ignored: the text is checked like any other, and registers
 * nothing). With `trustedOnly` a text must be a manifest document in any layout (allow-list.ts),
 * or is PERSISTED_QUERY_NOT_IN_LIST, and runs as the manifest's own text. Otherwise the text
 * runs as sent (whatever it is: a missing or non-string query is the caller's to refuse).
 */
export function trustedText(allowList: AllowList, trustedOnly: boolean, asked: Asked): unknown {
  if (asked.hash !== undefined) {
    const byHash = allowList.byHash(asked.hash);
    if (byHash !== undefined) return byHash;
    if (typeof asked.query !== 'string' || !asked.query) throw new PersistedQueryNotFound();
  }
  if (!trustedOnly || typeof asked.query !== 'string') return asked.query;
  const trusted = allowList.byText(asked.query, asked.operationName);
  if (trusted === undefined) throw new PersistedQueryNotInList();
  return trusted;
}
