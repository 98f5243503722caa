import { LruCache } from '../../../src/core/lru-cache';

describe('LruCache', () => {
  it('drops the least recently used key past its capacity', () => {
    const cache = new LruCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('forgets a deleted key and everything on clear', () => {
    const cache = new LruCache<string>(3);
    cache.set('x', 'one');
    cache.set('y', 'two');
    cache.delete('x');
    expect(cache.get('x')).toBeUndefined();
    cache.clear();
    expect(cache.get('y')).toBeUndefined();
  });
});
