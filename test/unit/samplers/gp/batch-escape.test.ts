import type { Params } from '../../../../src/domain/space';
import { BEYOND_DETAIL } from '../../../../src/samplers/gp/gp-sampler';
import type { Suggestion } from '../../../../src/samplers/sampler';
import { askRound, fromLocalDip, polishedHistory } from './polished-dip';

describe('basin escape in rounds of many points (batches, many workers)', () => {
  it('the points of odd trial number go beyond a converged basin, whatever the round starts at', async () => {
    const completed = polishedHistory();
    // A round that starts at an even trial count (q = 8 batches always do) with others pending.
    const pending: Params[] = [{ x: 0.26, y: 0.24 }, { x: 0.7, y: 0.2 }];
    const round = await askRound(completed, pending, 4, completed.length + pending.length);
    const beyond = round.map((s) => s.reason.detail === BEYOND_DETAIL);
    expect(beyond).toEqual([false, true, false, true]);
    for (const s of round.filter((_, k) => beyond[k])) expect(fromLocalDip(s)).toBeGreaterThan(0.3);
  });

  it('the escape points of one round are spread: each is believed before the next is drawn', async () => {
    const completed = polishedHistory();
    // A q = 8 batch: escapes at k = 1, 3, 5, 7 (the beyond model believes the earlier ones).
    const round = await askRound(completed, [], 8, completed.length);
    const beyond = round.filter((s) => s.reason.detail === BEYOND_DETAIL);
    expect(beyond.length).toBe(4);
    // The escape points spread: no two as close as 0.01, and 0.05 apart on average (with the 1e-10
    // noise floor two of them land 0.016 apart on the bound x = 1, next to a believed point).
    // NOTE: this no longer shows that the model beyond believes the round's earlier points. When
    // this test was written, unbelieved escape points landed together (the fourth 0.03 from the
    // first); measured on 2026-12-01 with the belief switched off, this round's four escape points
    // lie 0.10-1.06 apart, since the round's other chosen points change each escape's basin and
    // outside trials. The belief itself is tested in beyond-belief.test.ts.
    const distances: number[] = [];
    for (let i = 0; i < beyond.length; i++) {
      for (let j = 0; j < i; j++) {
        const [a, b] = [beyond[i] as Suggestion, beyond[j] as Suggestion];
        distances.push(Math.hypot((a.params.x as number) - (b.params.x as number), (a.params.y as number) - (b.params.y as number)));
      }
    }
    expect(Math.min(...distances)).toBeGreaterThan(0.01);
    expect(distances.reduce((s, d) => s + d, 0) / distances.length).toBeGreaterThan(0.05);
  });
});
