import { Context } from '../../context';
import { BadInput, NotFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import { hsdsTable } from '../model';
import { recordsSql, type HsdsObject, type HsdsRow } from '../records';
import { readBatches, readPage } from './listing';
import { hsdsPage, type HsdsPage } from './page';
import type { HsdsParams } from './params';
import { RESOURCES, formOf, type ListPath } from './resources';

/** Records a statement of an ndjson stream reads (and, in full form, nests). */
const BATCH = 200;

/** What `/` says about the API: HSDS 3.1, Beacon adding no profile of its own, and the official OpenAPI it implements. */
export const ABOUT = {
  version: '3.1',
  profile: 'https://github.com/openreferral/specification/tree/3.1',
  openapi_url: 'https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json',
};

/**
 * The HSDS API reads as the public does, whoever asks: the routes ignore a token, and this makes
 * sure of it for every caller, so the directory's search measures confidential locations from
 * their public points here too.
 */
const publicReader = (ctx: Context) => (ctx.viewer ? new Context(ctx.dataSource, ctx.em, null, ctx.config, ctx.limits, ctx.request) : ctx);

/**
 * A page of the list at `path`: one statement for the page and its count, a second past
 * COUNT_CAP matches for the estimate; more with search (the text's tsquery), proximity (the
 * postcode's centroid) or in full form (the nesting, a statement per relation and level).
 */
export async function listRecords(ctx: Context, path: ListPath, params: HsdsParams): Promise<HsdsPage<HsdsObject>> {
  const resource = RESOURCES[path];
  const matches = await resource.matches(publicReader(ctx), params);
  if (!matches) return hsdsPage([], params.page, params.perPage, 0, false);
  const form = formOf(resource, params);
  const { rows, more, total } = await readPage(ctx.em, matches, form.read, params.page, params.perPage);
  return hsdsPage(await form.shape(ctx.em, rows as HsdsRow[]), params.page, params.perPage, total, more);
}

/** Every record of the list at `path`, in id order, without pages (format=ndjson): read in keyset batches. */
export async function* streamRecords(ctx: Context, path: ListPath, params: HsdsParams): AsyncGenerator<HsdsObject> {
  const resource = RESOURCES[path];
  const matches = await resource.matches(publicReader(ctx), params);
  if (!matches) return;
  const form = formOf(resource, params);
  for await (const rows of readBatches(ctx.em, matches, form.read, BATCH)) yield* await form.shape(ctx.em, rows as HsdsRow[]);
}

/** The record `id` of the list at `path`, in full; NOT_FOUND when there is none. A service of any status: its status says what it is. */
export async function getRecord(ctx: Context, path: ListPath, id: string, params: HsdsParams): Promise<HsdsObject> {
  if (!isUuid(id)) throw BadInput.field('id', 'must be a UUID');
  const resource = RESOURCES[path];
  const rows: HsdsRow[] = await ctx.em.query(recordsSql(hsdsTable(resource.table), 'r.id = $1'), [id.toLowerCase()]);
  if (!rows.length) throw new NotFound(resource.table, id);
  const [record] = await resource.full(ctx.em, rows, params);
  return record;
}
