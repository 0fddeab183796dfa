import type { EntityManager } from 'typeorm';
import { Params } from '../../directory/search.sql';

/**
 * The records of one HSDS list that match a reader's parameters: the ids of rows of a Beacon
 * table, which lists walk by its primary key.
 */
export interface Matches {
  /** Beacon's table, and its alias in `ids`. */
  table: string;
  alias: string;
  /** SQL selecting the `id` of every match among the rows of `from` (the table under its alias, or a sample of it); values go to `p`. */
  ids: (p: Params, from: string) => string;
  /**
   * The matches are few: the criteria find them through an index of their own (a circle's grid
   * cells, a postal code), or the table is small (organizations, taxonomies). A page then reads
   * every match once and sorts them, rather than walk the table in id order looking for them
   * (which the planner chose on its row estimate, and paid for with 26,000 services at locations
   * read for the 51 of a 2 km circle: 147 ms, against 30 for all its 251), and its count reads
   * them again. Not for a search text: its statistics are the planner's own, and a word in every
   * description (recovery) would read 91,000 matches for a page of 50.
   */
  narrow: boolean;
}

/** SQL reading the records whose ids `ids` (SQL) selects, one row each, `id` among its columns. */
export type Read = (ids: string) => string;

type Row = Record<string, unknown> & { id: string };

/**
 * total_items is exact up to this many matches. Past it, counting every match is the cost:
 * 92,000 active services took 12 ms of the database's time on each page of 50 (index-only scan),
 * most of what a page cost, where reading 10,001 of them takes about 2 ms.
 */
export const COUNT_CAP = 10_000;

/**
 * Past COUNT_CAP, total_items is estimated from about this many rows of the table, read in whole
 * pages chosen at random with a fixed seed (TABLESAMPLE SYSTEM ... REPEATABLE), the same criteria
 * applied, as the directory's search estimates its counts (directory/search.sql.ts), so the same
 * request gets the same estimate. The share of the sample that matches is scaled to the table's
 * rows as the planner last counted them (reltuples), not by the sample's size: that varies with
 * the pages drawn, and cost 5% of error on 92,000 active services (96,700) where the share gave 1%
 * (91,270). A table of fewer rows is read whole: exact.
 */
const SAMPLE_ROWS = 2000;

const whole = (m: Matches) => `${m.table} ${m.alias}`;

/**
 * Page `number` (from 1) of `size` records in id order, and how many records match.
 *
 * HSDS pages are numbered, so a page is an OFFSET over the matches' ids in their primary key's
 * order: the index walks straight to the first pages, and page n costs the (n - 1) * size ids
 * before it, which is the price of the protocol's page numbers. A harvest of everything should use
 * format=ndjson, which reads in keyset batches instead.
 *
 * One statement reads the page's ids (one more than the page, so `more` says exactly whether
 * another page follows), their records, and the matches counted up to COUNT_CAP + 1; past the cap,
 * a second estimates the total.
 */
export async function readPage(em: EntityManager, matches: Matches, read: Read, number: number, size: number): Promise<{ rows: Row[]; more: boolean; total: number }> {
  const p = new Params();
  const ids = matches.ids(p, whole(matches));
  const sql = `
    WITH matches AS ${matches.narrow ? '' : 'NOT '}MATERIALIZED (${ids}),
    page AS (SELECT id FROM matches ORDER BY id LIMIT ${p.add(size + 1)} OFFSET ${p.add((number - 1) * size)}),
    shown AS (SELECT id FROM page ORDER BY id LIMIT ${p.add(size)}),
    counted AS (SELECT count(*)::int AS matching FROM (SELECT 1 FROM matches LIMIT ${COUNT_CAP + 1}) capped)
    SELECT counted.matching AS "@matching", (SELECT count(*) FROM page)::int AS "@page",
           (SELECT reltuples FROM pg_class WHERE oid = '${matches.table}'::regclass) AS "@rows", r.*
    FROM counted LEFT JOIN (${read('SELECT id FROM shown')}) r ON true
    ORDER BY r.id`;
  // At least one row, for the count: an empty page's holds no record.
  const [first, ...rest]: (Row & { '@matching': number; '@page': number; '@rows': number })[] = await em.query(sql, p.values);
  const rows = first.id === null ? [] : [first, ...rest];
  const total = first['@matching'] > COUNT_CAP ? await estimateMatches(em, matches, first['@rows']) : first['@matching'];
  return { rows, more: first['@page'] > size, total };
}

/**
 * The estimate of a count past COUNT_CAP (never below COUNT_CAP + 1). The sample's share is bound as
 * a value, so the planner knows the sample's size: written into the statement as an expression, it
 * guessed a tenth of the table, and joined 2,000 services at locations to every active service (52 ms)
 * rather than look each one up (4 ms).
 */
async function estimateMatches(em: EntityManager, matches: Matches, tableRows: number): Promise<number> {
  const percent = Math.min(100, (100 * SAMPLE_ROWS) / Math.max(tableRows, 1));
  const p = new Params();
  const sampled = `${matches.table} TABLESAMPLE SYSTEM (${p.add(percent)}) REPEATABLE (0)`;
  const sql = `SELECT (SELECT count(*) FROM (${matches.ids(p, `(SELECT * FROM ${sampled}) ${matches.alias}`)}) m)::int AS matching,
                      (SELECT count(*) FROM ${sampled})::int AS drawn`;
  const [{ matching, drawn }]: { matching: number; drawn: number }[] = await em.query(sql, p.values);
  const estimate = percent >= 100 ? matching : Math.round((matching * tableRows) / Math.max(drawn, 1));
  return Math.max(estimate, COUNT_CAP + 1);
}

/**
 * Every match, in id order, `size` records a statement: each batch starts after the last id of
 * the one before (a keyset), so no statement reads more than a batch and none holds a transaction
 * open between batches; a record changed meanwhile is read as it is then, and still once.
 */
export async function* readBatches(em: EntityManager, matches: Matches, read: Read, size: number): AsyncGenerator<Row[]> {
  let after: string | null = null;
  for (;;) {
    const p = new Params();
    const ids = matches.ids(p, whole(matches));
    const sql = `
      WITH matches AS ${matches.narrow ? '' : 'NOT '}MATERIALIZED (${ids}),
      batch AS (SELECT id FROM matches ${after ? `WHERE id > ${p.add(after)}::uuid` : ''} ORDER BY id LIMIT ${p.add(size)})
      SELECT r.* FROM (${read('SELECT id FROM batch')}) r ORDER BY r.id`;
    const rows: Row[] = await em.query(sql, p.values);
    if (rows.length) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1].id;
  }
}
