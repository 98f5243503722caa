import { cursorPages, pagesOf } from '../../../src/domain/paging';

describe('pagesOf', () => {
  it('reads until nextOf answers null, passing each cursor on', async () => {
    const asked: Array<number | undefined> = [];
    const pages = pagesOf(
      async (after: number | undefined) => {
        asked.push(after);
        const start = (after ?? -1) + 1;
        return Array.from({ length: Math.min(3, 7 - start) }, (_, i) => start + i);
      },
      (page) => (page.length < 3 ? null : (page[page.length - 1] as number)),
    );
    const seen: number[] = [];
    for await (const page of pages) seen.push(...page);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(asked).toEqual([undefined, 2, 5]);
  });

  it('asks nextOf only after the consumer handled the page', async () => {
    let budget = 2;
    const pages = pagesOf(async () => ['x'], () => (budget > 0 ? 'more' : null));
    let count = 0;
    for await (const _page of pages) {
      count += 1;
      budget -= 1;
    }
    expect(count).toBe(2);
  });

  it('cursorPages stops at a null next_cursor', async () => {
    const cursors: Array<string | undefined> = [];
    const pages = cursorPages(async (cursor) => {
      cursors.push(cursor);
      return cursor === undefined ? { trials: [1], next_cursor: 'c1' } : { trials: [2], next_cursor: null };
    });
    const trials: number[] = [];
    for await (const page of pages) trials.push(...page.trials);
    expect(trials).toEqual([1, 2]);
    expect(cursors).toEqual([undefined, 'c1']);
  });
});
