import { FNV1A_OFFSET, fnv1aStep, fnv1aText } from '../../../src/core/fnv1a';

describe('fnv1aText', () => {
  it('matches the published FNV-1a 32-bit test vectors on ASCII text', () => {
    expect(fnv1aText('')).toBe(0x811c9dc5);
    expect(fnv1aText('a')).toBe(0xe40c292c);
    expect(fnv1aText('foobar')).toBe(0xbf9cf968);
  });

  it('continues from a given hash exactly as one pass over the joined text', () => {
    expect(fnv1aText('bar', fnv1aText('foo'))).toBe(fnv1aText('foobar'));
    expect(fnv1aStep(FNV1A_OFFSET, 0x61) >>> 0).toBe(fnv1aText('a'));
  });
});
