import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { BadInput } from './errors';
import { isUuid } from './ids';

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@ObjectType()
export class PageInfo {
  @Field() hasNextPage: boolean;
  @Field() hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

/** What a service asks for: at most `first` rows after the decoded `after` key. */
export interface PageRequest {
  first: number;
  after: unknown[] | null;
}

/** What each part of a list's sort key is; a cursor is checked against it before it reaches SQL. */
export type CursorPart = 'text' | 'uuid' | 'instant' | 'number';

const PART_CHECKS: Record<CursorPart, (value: unknown) => boolean> = {
  // PostgreSQL refuses NUL in text: a cursor carrying one is not ours.
  text: (value) => typeof value === 'string' && !value.includes('\u0000'),
  uuid: isUuid,
  instant: (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
  number: (value) => typeof value === 'number' && Number.isFinite(value),
};

/**
 * Checks `first` (default 20, at most 100) and decodes `after` against the list's key
 * `shape`; a bad one, or a cursor from another list, is BAD_USER_INPUT naming the argument.
 */
export function pageRequest(first: number | null | undefined, after: string | null | undefined, shape: readonly CursorPart[]): PageRequest {
  if (first != null && (first < 0 || first > MAX_PAGE)) {
    throw BadInput.field('first', `must be from 0 to ${MAX_PAGE}`);
  }
  if (!after) return { first: first ?? DEFAULT_PAGE, after: null };
  const key = decodeCursor(after);
  if (key.length !== shape.length || !shape.every((part, i) => PART_CHECKS[part](key[i]))) {
    throw BadInput.field('after', 'is not a cursor from this list');
  }
  // Ids are read case-insensitively, and spelled in lower case as everywhere past the edge.
  return { first: first ?? DEFAULT_PAGE, after: key.map((value, i) => (shape[i] === 'uuid' ? (value as string).toLowerCase() : value)) };
}

/** Opaque cursors: the row's sort key, so the next page starts right after it whatever changed in between. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key;
  } catch {
    // falls through to the error below
  }
  throw BadInput.field('after', 'is not a cursor from this list');
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** A page built from rows fetched with LIMIT first + 1: the extra row only says that there is a next page. */
export class Page<T, E extends Edge<T> = Edge<T>> {
  readonly edges: E[];
  readonly pageInfo: PageInfo;

  constructor(
    rows: T[],
    request: PageRequest,
    toEdge: (row: T) => E,
    private readonly count: () => Promise<number>,
  ) {
    this.edges = rows.slice(0, request.first).map(toEdge);
    this.pageInfo = {
      hasNextPage: rows.length > request.first,
      hasPreviousPage: request.after !== null,
      startCursor: this.edges[0]?.cursor ?? null,
      endCursor: this.edges[this.edges.length - 1]?.cursor ?? null,
    };
  }

  /** Counted only when a client asks for it. */
  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** Builds the Relay connection types `<Name>Edge` and `<Name>Connection` for a node type. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field() cursor: string;
    @Field(() => node) node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType]) edges: EdgeType[];
    @Field(() => PageInfo) pageInfo: PageInfo;
    @Field(() => Int) totalCount: number;
  }
  return ConnectionClass;
}
