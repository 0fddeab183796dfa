/** A WHERE fragment with its named parameters, as a policy hands it to a query builder. */
export interface Condition {
  sql: string;
  params: Record<string, unknown>;
}

/** Escapes LIKE's wildcards so user text matches literally inside a pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
