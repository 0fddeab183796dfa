/** The HSDS page object (openapi.json, components.schemas.Page) around a page's records. */
export interface HsdsPage<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  /** The records on this page. */
  size: number;
  first_page: boolean;
  last_page: boolean;
  /** This page holds no record. */
  empty: boolean;
  contents: T[];
}

/**
 * Page `number` of `perPage` records: `total` is the number of matches (listing.ts says when it
 * is an estimate), `more` whether any match lies past this page, which is always exact, so a
 * reader walking the pages stops at `last_page` rather than at `total_pages`.
 */
export function hsdsPage<T>(contents: T[], number: number, perPage: number, total: number, more: boolean): HsdsPage<T> {
  // A page with records says there are at least as many as it and the pages before it hold: an estimate could fall short.
  const items = contents.length ? Math.max(total, (number - 1) * perPage + contents.length + (more ? 1 : 0)) : total;
  return {
    total_items: items,
    total_pages: Math.ceil(items / perPage),
    page_number: number,
    size: contents.length,
    first_page: number === 1,
    last_page: !more,
    empty: contents.length === 0,
    contents,
  };
}
