import type { Context } from '../context';

/**
 * The words as typed (websearch syntax, stemmed) OR the same words each corrected to the nearest
 * word of the directory's vocabulary (pg_trgm similarity over search_word), so "detx" finds detox
 * and "housng" housing; an uncorrectable word stays as typed. Each part is made only from text
 * that has a lexeme (to_tsvector says so quietly), since a tsquery of stop words alone is NULL
 * here rather than a NOTICE; both NULL: nothing to search for.
 */
const SEARCH_QUERY = `
  WITH typed AS (SELECT unaccent($1) AS text),
  corrected AS (
    SELECT string_agg(coalesce(nearest.word, typed_word), ' ') AS text
    FROM typed, regexp_split_to_table(lower(typed.text), '[^[:alnum:]]+') AS typed_word
    LEFT JOIN LATERAL (SELECT sw.word FROM search_word sw WHERE sw.word % typed_word
                       ORDER BY similarity(sw.word, typed_word) DESC, sw.word LIMIT 1) nearest ON true
    WHERE typed_word <> ''),
  parts AS (
    SELECT CASE WHEN length(to_tsvector('english', typed.text)) > 0 THEN websearch_to_tsquery('english', typed.text) END AS as_typed,
           CASE WHEN length(to_tsvector('english', corrected.text)) > 0 THEN plainto_tsquery('english', corrected.text) END AS as_corrected
    FROM typed, corrected)
  SELECT coalesce(as_typed || as_corrected, as_typed, as_corrected)::text AS query FROM parts`;

/**
 * The text of a search as the tsquery it runs (as text, bound to the search's statement), or null
 * when the text has no word to search for. A statement of its own, before the search's: given the
 * tsquery as a value, the planner weighs the words by search_document's statistics (a word in
 * every description reads the grid cells' index, a rare one the text's), where a subquery inside
 * the search's statement left it guessing 500 rows for either.
 */
export async function searchQuery(ctx: Context, text: string): Promise<string | null> {
  const [{ query }]: { query: string | null }[] = await ctx.em.query(SEARCH_QUERY, [text]);
  return query;
}
