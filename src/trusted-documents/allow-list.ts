import { Kind, Lexer, parse, Source, TokenKind, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { cutDocument, sha256 } from './canonical';

/**
 * The manifest's documents, found by hash or by text. A text is parsed only when it could be
 * one of them: at most eight times the longest document's length (a client's own layout and
 * comments) and no more tokens than the longest has, so a huge or malformed document costs a
 * length check or a lexer stopped early, never a full parse.
 */
export class AllowList {
  private readonly texts: Set<string>;
  private readonly maxLength: number;
  private readonly maxTokens: number;

  constructor(private readonly documents: Map<string, string>) {
    this.texts = new Set(documents.values());
    this.maxLength = 8 * Math.max(0, ...[...this.texts].map((text) => text.length));
    this.maxTokens = Math.max(0, ...[...this.texts].map(tokenCount));
  }

  byHash(hash: string): string | undefined {
    return this.documents.get(hash);
  }

  /** The trusted document that `text` is (its operation `operationName`, if named, printed canonically), or undefined. */
  byText(text: string, operationName: unknown): string | undefined {
    if (this.texts.has(text)) return text;
    if (text.length > this.maxLength) return undefined;
    let document: DocumentNode;
    try {
      document = parse(text, { noLocation: true, maxTokens: this.maxTokens });
    } catch {
      return undefined;
    }
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
    const canonical = operation && cutDocument(document, operation);
    return canonical === undefined ? undefined : this.documents.get(sha256(canonical));
  }
}

/** Tokens as graphql's parser counts them against maxTokens: whitespace, commas and comments are not tokens. */
function tokenCount(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count++;
  return count;
}
