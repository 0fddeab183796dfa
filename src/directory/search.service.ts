import type { Context } from '../context';
import { BadInput, FieldProblems } from '../common/errors';
import { Page, encodeCursor, pageRequest } from '../common/pagination';
import { ServiceSort, ServiceStatus, type ServiceCategory } from './enums';
import type { ServiceSearchInput } from './inputs';
import { confidentialReach } from './location.policy';
import { searchQuery } from './search-words';
import { COUNT_CAP, searchPage, type FacetRow, type SearchCriteria, type SearchRow, type SortKey } from './search.sql';
import { loadServiceCards, type ServiceParts } from './service-cards';
import type { Service } from './service.entity';
import type { ServiceSearchEdge } from './types';

const DEFAULT_RADIUS_KM = 25;

/** Control characters are dropped (DESIGN.md, Directory); line breaks and tabs still separate words. */
const cleanText = (text: string | null | undefined) =>
  text?.replace(/[\t\n\r]/g, ' ').replace(/\p{Cc}/gu, '').replace(/\s+/g, ' ').trim() || null;

/** Every criterion but the text's tsquery, which takes a statement (search-words.ts). */
function criteria(ctx: Context, filter: ServiceSearchInput): Omit<SearchCriteria, 'query'> & { text: string | null } {
  const problems = new FieldProblems();
  problems.check(filter.radiusKm == null || filter.near != null, 'filter.radiusKm', 'needs near');
  problems.check(filter.sort !== ServiceSort.DISTANCE || filter.near != null, 'filter.sort', 'DISTANCE needs near');
  problems.throwIfAny();
  return {
    text: cleanText(filter.text),
    near: filter.near ? { latitude: filter.near.latitude, longitude: filter.near.longitude, radiusMeters: (filter.radiusKm ?? DEFAULT_RADIUS_KM) * 1000 } : null,
    openAt: filter.openAt ?? null,
    openFor: filter.openAt ?? new Date(),
    categories: filter.categories ?? null,
    taxonomyCodes: filter.taxonomyCodes ?? null,
    languages: filter.languages ?? null,
    age: filter.age ?? null,
    populations: filter.populations ?? null,
    insurance: filter.insurance ?? null,
    hasCapacity: filter.hasCapacity ?? null,
    organizationId: filter.organizationId ?? null,
    statuses: filter.statuses?.length ? filter.statuses : [ServiceStatus.ACTIVE],
    sort: filter.sort ?? ServiceSort.RELEVANCE,
    confidentialReach: confidentialReach(ctx.viewer),
  };
}

/** A cursor is [sort, a, b, c, id]; one from another sort is refused rather than misread. */
function decodeAfter(after: unknown[] | null, sort: ServiceSort): SortKey | null {
  if (!after) return null;
  const [cursorSort, a, b, c, id] = after as [ServiceSort, ...SortKey];
  if (cursorSort !== sort) throw BadInput.field('after', 'is not a cursor from this search');
  return [a, b, c, id];
}

/**
 * The category counts, most first: exact while the matches number at most COUNT_CAP; past it,
 * each category's estimate, never below the matches already counted in it (so their sum is over
 * the cap too).
 */
function categoryCounts(exact: FacetRow[], estimated: FacetRow[]): { facets: FacetRow[]; countsAreEstimates: boolean } {
  const countsAreEstimates = exact.reduce((sum, f) => sum + f.count, 0) > COUNT_CAP;
  const counts = new Map(countsAreEstimates ? estimated.map((f) => [f.category, f.count]) : []);
  for (const f of exact) counts.set(f.category, Math.max(f.count, counts.get(f.category) ?? 0));
  const facets = [...counts].filter(([, count]) => count > 0).map(([category, count]) => ({ category, count }));
  return { facets: facets.sort((x, y) => y.count - x.count || x.category.localeCompare(y.category)), countsAreEstimates };
}

type PageRow = SearchRow & { category: ServiceCategory; count: number | null; estimate: number | null };

/**
 * The criteria of `filter` as `ctx`'s viewer searches, the text made its tsquery (one statement);
 * `matchesNothing` when the text has no word to search for (stop words, punctuation).
 */
export async function searchCriteria(ctx: Context, filter: ServiceSearchInput): Promise<SearchCriteria & { matchesNothing: boolean }> {
  const { text, ...c } = criteria(ctx, filter);
  const query = text ? await searchQuery(ctx, text) : null;
  return { ...c, query, matchesNothing: text !== null && query === null };
}

/**
 * Two statements whatever the page size, three with text: the text's tsquery, the page (with the
 * category counts, when the query reads totalCount or facets: `withCounts`), then the page's
 * services with the `parts` the query reads.
 */
export async function searchServices(
  ctx: Context,
  filter: ServiceSearchInput,
  page: { first?: number | null; after?: string | null; withCounts: boolean; parts: ServiceParts },
) {
  const request = pageRequest(page.first, page.after, ['text', 'number', 'number', 'text', 'uuid']);
  const c = await searchCriteria(ctx, filter);
  const after = decodeAfter(request.after, c.sort);
  const statement = searchPage(c, after, request.first + 1, page.withCounts);
  const rows: PageRow[] = c.matchesNothing ? [] : await ctx.em.query(statement.sql, statement.params);
  const matches = rows.filter((r) => r.id !== null);
  const { facets, countsAreEstimates } = categoryCounts(
    rows.filter((r) => r.count !== null).map(({ category, count }) => ({ category, count: count! })),
    rows.filter((r) => r.estimate !== null).map(({ category, estimate }) => ({ category, count: estimate! })),
  );
  const services = await loadServiceCards(ctx, matches.map((r) => r.id), page.parts);
  const result = new Page<Service, ServiceSearchEdge>(
    matches.map((row) => ({
      cursor: encodeCursor([c.sort, row.a, row.b, row.c, row.id]),
      node: services.get(row.id)!,
      distanceKm: row.meters == null ? null : Math.round(row.meters / 10) / 100,
      open: row.open,
    })),
    request,
    // The total is the facets' sum over the asked categories.
    async () => facets.filter((f) => !c.categories?.length || c.categories.includes(f.category)).reduce((sum, f) => sum + f.count, 0),
  );
  return { edges: result.edges, pageInfo: result.pageInfo, totalCount: result.totalCount, facets: { categories: facets }, countsAreEstimates };
}
