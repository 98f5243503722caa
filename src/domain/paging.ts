/**
 * The one loop that reads a listing page by page: `fetchPage(undefined)` first, then
 * `fetchPage(next)` with `next = nextOf(page)` until that is null. `nextOf` runs only after the
 * consumer has handled the page, so it may read state the consumer updated (a remaining count).
 * Yields each page as fetched; at most one page is held at a time.
 */
export async function* pagesOf<P, C>(fetchPage: (cursor: C | undefined) => Promise<P>, nextOf: (page: P) => C | null): AsyncGenerator<P, void, undefined> {
  let cursor: C | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    yield page;
    const next = nextOf(page);
    if (next === null) return;
    cursor = next;
  }
}

/** A page of the trial listing as the API answers it: the cursor of the next page or null. */
export interface CursorPage<T> {
  trials: T[];
  next_cursor: string | null;
}

/** Pages of a cursor listing (the API's `{trials, next_cursor}`) until `next_cursor` is null. */
export function cursorPages<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>): AsyncGenerator<CursorPage<T>, void, undefined> {
  return pagesOf(fetchPage, (page) => page.next_cursor);
}
