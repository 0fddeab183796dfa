import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInput } from './errors';
import { isUuid } from './ids';
import type { Condition } from './sql';
import { jsonRow } from '../db/plain-rows';

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

/** A page built from edges fetched with LIMIT first + 1: the extra one only says that there is a next page. */
export class Page<T, E extends Edge<T> = Edge<T>> {
  readonly edges: E[];
  readonly pageInfo: PageInfo;

  constructor(
    fetched: E[],
    request: PageRequest,
    private readonly count: () => Promise<number>,
  ) {
    this.edges = fetched.slice(0, request.first);
    this.pageInfo = {
      hasNextPage: fetched.length > request.first,
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

/** One part of a list's sort key: the SQL it sorts on, and what its cursor value is. */
export interface KeyPart {
  sql: string;
  part: CursorPart;
}

/**
 * A list's keyset: its sort key (the last part the id, so that no two rows tie) and one
 * direction for every part. Each list declares one and pages through it, so the cursor check,
 * the row comparison, the ORDER BY and the cursors themselves are written once.
 */
export class Keyset {
  private readonly shape: CursorPart[];

  constructor(
    private readonly direction: 'ASC' | 'DESC',
    private readonly parts: readonly KeyPart[],
  ) {
    this.shape = parts.map((p) => p.part);
  }

  /** Checks `first` and decodes `after` against this key (see pageRequest). */
  request(first: number | null | undefined, after: string | null | undefined): PageRequest {
    return pageRequest(first, after, this.shape);
  }

  /** The rows past a decoded cursor, as one row comparison, so that an index on the key serves it. */
  after(key: unknown[]): Condition {
    const names = key.map((_, i) => `keysetAfter${i}`);
    return {
      sql: `(${this.parts.map((p) => p.sql).join(', ')}) ${this.direction === 'DESC' ? '<' : '>'} (${names.map((n) => `:${n}`).join(', ')})`,
      params: Object.fromEntries(names.map((n, i) => [n, key[i]])),
    };
  }

  /** The key's ORDER BY, for a window or subquery that numbers rows in the list's order. */
  get orderSql(): string {
    return this.parts.map((p) => `${p.sql} ${this.direction}`).join(', ');
  }

  /**
   * Runs `qb` in the list's order and gives each row its cursor. The key's values are read
   * back from the same statement, so a cursor holds what the database compares (its lower(),
   * not JavaScript's, whose lower case differs for a few letters). Each row comes back as JSON
   * built in SQL and read as a plain row (db/plain-rows.ts): TypeORM's entity hydration cost
   * more CPU than the rest of a page's work in Node. The JSON is built around the page, once
   * it is cut: built beside the sort key, PostgreSQL built it for every row the sort saw (1,102
   * referrals for a page of 51, 9 ms of a 2 ms statement).
   */
  async edges<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): Promise<Edge<T>[]> {
    const row = jsonRow<T>(qb.connection.manager, qb.expressionMap.mainAlias!.target);
    const cut = this.keyed(row.selectColumns(qb));
    // A query builder of the same query runner, so the page reads in the caller's transaction.
    const page = qb
      .createQueryBuilder()
      .select(row.sql('page'), 'keyset_node')
      .from(`(${cut.getQuery()})`, 'page')
      .setParameters(cut.getParameters());
    this.parts.forEach((_, i) => page.addSelect(`(page.keyset_${i})`, `keyset_${i}`).addOrderBy(`page.keyset_${i}`, this.direction));
    return (await page.getRawMany()).map((raw) => ({ cursor: this.cursorOf(raw), node: row.read(raw.keyset_node as Record<string, unknown>) }));
  }

  /**
   * Like edges, but each node is `read` from the raw row `qb` selects: for a page whose
   * statement builds its nodes as JSON of its own (a service's card, say).
   */
  async rawEdges<N>(qb: SelectQueryBuilder<ObjectLiteral>, read: (raw: Record<string, unknown>) => N): Promise<Edge<N>[]> {
    return (await this.keyed(qb).getRawMany()).map((raw) => ({ cursor: this.cursorOf(raw), node: read(raw) }));
  }

  /** `qb` in the list's order, with the key's values selected for the cursors. */
  private keyed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>): SelectQueryBuilder<T> {
    this.parts.forEach((p, i) => {
      // In parentheses: TypeORM takes a bare `alias.column` for the entity's own column and would rename it.
      qb.addSelect(`(${p.sql})`, `keyset_${i}`);
      qb.addOrderBy(p.sql, this.direction);
    });
    return qb;
  }

  private cursorOf(raw: Record<string, unknown>): string {
    return encodeCursor(this.parts.map((p, j) => cursorValue(p.part, raw[`keyset_${j}`])));
  }

  /**
   * The first `limit` rows past `after` of each parent's list, for a DataLoader's whole batch in
   * one statement: for each of `parentIds`, a LIMIT read of the rows of `qb`'s entity whose
   * `parentColumn` is that id and that meet `where` (access rules, under `qb`'s alias), in the
   * key's order, so that an index on (parent, key) serves each list however long its history.
   * The edges come in the key's order; callers group them by parent.
   */
  edgesPerParent<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    parentColumn: string,
    parentIds: string[],
    page: { limit: number; after: unknown[] | null },
    where?: Condition,
  ): Promise<Edge<T>[]> {
    return this.edges(this.perParent(qb, parentColumn, parentIds, page, where));
  }

  /** `qb` narrowed to the rows edgesPerParent reads, for edges or rawEdges. */
  perParent<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    parentColumn: string,
    parentIds: string[],
    { limit, after }: { limit: number; after: unknown[] | null },
    where?: Condition,
  ): SelectQueryBuilder<T> {
    const alias = qb.alias;
    const past = after ? this.after(after) : null;
    // The lateral subquery names its row with the same alias, so the keyset's SQL reads the same inside and out.
    return qb.innerJoin(
      `(SELECT page.id
        FROM unnest(CAST(:parentIds AS uuid[])) AS parent(id)
        CROSS JOIN LATERAL (
          SELECT ${alias}.id FROM ${qb.expressionMap.mainAlias!.metadata.tableName} ${alias}
          WHERE ${alias}.${parentColumn} = parent.id ${where ? `AND (${where.sql})` : ''} ${past ? `AND ${past.sql}` : ''}
          ORDER BY ${this.orderSql}
          LIMIT :pageLimit
        ) page)`,
      'p',
      `p.id = ${alias}.id`,
      { parentIds, pageLimit: limit, ...where?.params, ...past?.params },
    );
  }

  /**
   * One page of the rows `query` selects: past `request.after`, in the key's order, LIMIT
   * first + 1. `query` builds the list's rows with its access rules; it is built again for
   * totalCount, and only when that is asked (`count` replaces it where a loader counts).
   */
  async page<T extends ObjectLiteral>(
    query: () => SelectQueryBuilder<T>,
    request: PageRequest,
    count: () => Promise<number> = () => query().getCount(),
  ): Promise<Page<T>> {
    const qb = query();
    if (request.after) {
      const after = this.after(request.after);
      qb.andWhere(after.sql, after.params);
    }
    return new Page(await this.edges(qb.limit(request.first + 1)), request, count);
  }
}

/** A key value as its cursor spells it: instants as ISO strings, as the check in pageRequest expects. */
function cursorValue(part: CursorPart, value: unknown): unknown {
  return part === 'instant' ? (value as Date).toISOString() : value;
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
