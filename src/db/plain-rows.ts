import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Condition } from '../common/sql';

/*
 * Plain rows for read paths. A page's nested records come back in one statement as JSON built
 * in SQL (json_build_object, json_agg), as PostGraphile builds them; these read that JSON into
 * the shapes the entities have, without TypeORM's hydration, so the field resolvers and loaders
 * see the same objects whichever way a record was read.
 */

const INSTANT_TYPES = new Set<unknown>(['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone', Date]);

/** json_build_object takes at most 100 arguments. */
const MAX_COLUMNS = 50;

/** An entity's row as JSON written by SQL and read back. */
export class JsonRow<T extends ObjectLiteral> {
  private readonly columns: { property: string; column: string; instant: boolean }[];
  private readonly prototype: object;

  constructor(metadata: EntityMetadata) {
    // Columns that are never selected (a password hash) never leave the database this way either.
    this.columns = metadata.columns
      .filter((c) => c.isSelect)
      .map((c) => ({ property: c.propertyName, column: c.databaseName, instant: INSTANT_TYPES.has(c.type) }));
    if (this.columns.length > MAX_COLUMNS) throw new Error(`${metadata.name} has too many columns for json_build_object`);
    this.prototype = (metadata.target as { prototype: object }).prototype;
  }

  /** SQL: the row under `alias` as a JSON object keyed by property name; `overrides` gives a property's SQL instead of its column. */
  sql(alias: string, overrides: Partial<Record<keyof T & string, string>> = {}): string {
    const pairs = this.columns.map(({ property, column }) => `'${property}', ${overrides[property as keyof T & string] ?? `${alias}."${column}"`}`);
    return `json_build_object(${pairs.join(', ')})`;
  }

  /** `qb` selecting the row's columns, each under its own name, so that an outer query can build the JSON (`sql`) over them. */
  selectColumns<Q extends SelectQueryBuilder<ObjectLiteral>>(qb: Q): Q {
    // In parentheses: TypeORM would rename a bare `alias.column` of the entity's own.
    this.columns.forEach(({ column }, i) => (i === 0 ? qb.select(`(${qb.alias}."${column}")`, column) : qb.addSelect(`(${qb.alias}."${column}")`, column)));
    return qb;
  }

  /** The entity from that JSON: on its class's prototype (so getters answer) with instants as Dates, as TypeORM reads them. */
  read(json: Record<string, unknown>): T {
    const row = Object.create(this.prototype) as Record<string, unknown>;
    for (const { property, instant } of this.columns) {
      const value = json[property];
      row[property] = instant && typeof value === 'string' ? new Date(value) : value;
    }
    return row as T;
  }
}

const jsonRows = new WeakMap<EntityMetadata, JsonRow<ObjectLiteral>>();

/** The JsonRow of an entity, made once per data source. */
export function jsonRow<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>): JsonRow<T> {
  const metadata = em.connection.getMetadata(target);
  let row = jsonRows.get(metadata);
  if (!row) jsonRows.set(metadata, (row = new JsonRow(metadata)));
  return row as JsonRow<T>;
}

/** Runs SQL written with named parameters (`:name`, as the policies' conditions are) and returns its raw rows. */
export function queryRows<R>(em: EntityManager, statement: Condition): Promise<R[]> {
  const [sql, values] = em.connection.driver.escapeQueryWithParameters(statement.sql, statement.params);
  return em.query(sql, values);
}
