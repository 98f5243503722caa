import { sparesFor } from '../../../src/service/ask-rounds';

/** How many spare points a round draws (the rounds themselves: test/e2e/spare-points.test.ts). */
test('a lone ask draws no spares; a merged round two per ask, capped at 64 (a round of 300 asks would draw 600)', () => {
  expect([1, 2, 6, 32, 33, 40, 300].map(sparesFor)).toEqual([0, 4, 12, 64, 64, 64, 64]);
});
