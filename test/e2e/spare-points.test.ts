import { join } from 'node:path';
import type * as PoolModule from '../../src/runtime/sampler-pool';
import type { ApiTrial } from '../../src/api/types';
import { SPARE_DETAIL } from '../../src/samplers/gp/gp-sampler';
import { SPARE_FALLBACK } from '../../src/service/ask-rounds';
import { fallbackKind, silentObserver } from '../../src/service/observer';
import { StudyService } from '../../src/service/study-service';
import { MemoryStorage } from '../../src/storage/memory-storage';
import { CONTINUOUS_SPACE, objective, range } from './support/api';

// The threads need compiled JavaScript: load the pool from dist/ (built by global-setup).
const DIST = join(__dirname, '..', '..', 'dist', 'src');

/** Received a minute ago: past any deadline, so the ask takes its fallback as soon as it joins a round. */
const late = (): { receivedAt: number } => ({ receivedAt: Date.now() - 60_000 });

/**
 * Asks whose deadline comes before their round, with the rounds on a real sampler thread (so the
 * event loop runs the deadline's timer while the round draws): they take the spare points the
 * study's last merged round drew, else random points.
 */
describe('deadline fallbacks from the spare points of the last merged round', () => {
  let pool: PoolModule.SamplerPool;
  beforeAll(async () => {
    const poolModule = (await import(join(DIST, 'runtime', 'sampler-pool.js'))) as typeof PoolModule;
    pool = new poolModule.SamplerPool(poolModule.samplerThreadEntry() as string, 1);
  });
  afterAll(() => pool.close());

  it('a late ask gets random points before any merged round, and a model-guided spare of the last one after', async () => {
    /** The fallback metric's `reason` label of each fallback, in order. */
    const kinds: string[] = [];
    const observer = { ...silentObserver, fellBack: (_sampler: string, reason: string) => void kinds.push(fallbackKind(reason)) };
    const service = new StudyService(new MemoryStorage(), { samplerRunner: pool, observer });
    const study = await service.createStudy({ name: 'spares', direction: 'minimize', space: CONTINUOUS_SPACE as never, sampler: { type: 'gp', seed: 3, n_initial: 4 } });
    for (let i = 0; i < 8; i++) {
      const [trial] = await service.ask(study.id);
      await service.tell(study.id, trial!.id, { value: objective(trial!.params) });
    }
    /** Every trial handed out, in order. */
    const handed: ApiTrial[] = [];
    const ask = async (...args: Parameters<StudyService['ask']>): Promise<ApiTrial[]> => {
      const trials = await service.ask(...args);
      handed.push(...trials);
      return trials;
    };
    /** A late ask queued behind a lone ask's round (a search of tens of milliseconds on the thread), and that lone ask. */
    const lateBehindLone = async (): Promise<ApiTrial[]> => {
      const lone = ask(study.id);
      const [fallback] = await ask(study.id, {}, late());
      const [own] = await lone;
      expect(own!.reason?.fallback).toBeUndefined();
      return [fallback!, own!];
    };
    // The last round had one ask, so it drew no spares.
    const [first] = await lateBehindLone();
    expect(first!.reason?.fallback).toMatch(/^deadline: the model was not ready/);
    // Six concurrent asks: the first has a round of its own, the other five join the next, which draws five spares.
    const merged = (await Promise.all(range(6).map(() => ask(study.id)))).flat();
    expect(merged.every((t) => t.reason?.fallback === undefined)).toBe(true);
    const [spared, lone] = await lateBehindLone();
    expect(spared!.reason?.fallback).toBe(SPARE_FALLBACK);
    expect(spared!.reason?.detail).toBe(SPARE_DETAIL);
    expect(spared!.reason?.strategy).toBe('gp');
    expect(typeof spared!.reason?.predicted_mean).toBe('number');
    expect(new Set([...merged, spared!, lone!].map((t) => JSON.stringify(t.params))).size).toBe(8);
    // A lone ask's round draws no spares and leaves the merged round's: the next late ask takes another.
    const [again, third] = await lateBehindLone();
    expect(again!.reason?.fallback).toBe(SPARE_FALLBACK);
    expect(new Set([...merged, spared!, lone!, again!, third!].map((t) => JSON.stringify(t.params))).size).toBe(10);
    // The metric tells random points from spares (the first asks' initial design is no fallback),
    // and counts each point handed out with a fallback once: never a point drawn for an ask that
    // had already left. NOTE: on a loaded machine a late ask can reach its study's line before the
    // lone ask sent before it, and the round then draws for it too, past its refinement time; those
    // points were reported as 'deadline' though nobody got them (seen once in CI: deadline, spare,
    // deadline, spare, deadline), which the next test forces.
    const handedKinds = handed.flatMap((t) => (t.reason?.fallback ? [fallbackKind(t.reason.fallback)] : []));
    expect(kinds.sort()).toEqual(handedKinds.sort());
    expect(kinds.filter((k) => k === 'spare')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'deadline').length).toBeGreaterThanOrEqual(1);
    await service.close();
  }, 60_000);

  it('a round that draws for an ask already gone with its fallback reports none of those points', async () => {
    const reasons: string[] = [];
    const observer = { ...silentObserver, fellBack: (_sampler: string, reason: string) => void reasons.push(reason) };
    const service = new StudyService(new MemoryStorage(), { samplerRunner: pool, observer });
    const study = await service.createStudy({ name: 'gone', direction: 'minimize', space: CONTINUOUS_SPACE as never, sampler: { type: 'gp', seed: 5, n_initial: 4 } });
    // NOTE: 24 trials, so the late ask's round spends tens of milliseconds in its fit on the thread.
    // On 6 the fit took a few, and in a full parallel suite the thread once answered (with its own
    // "deadline reached before the acquisition search") before the event loop ran the ask's timer.
    for (let i = 0; i < 24; i++) {
      const [trial] = await service.ask(study.id);
      await service.tell(study.id, trial!.id, { value: objective(trial!.params) });
    }
    expect(reasons).toEqual([]);
    // The lone late ask starts a round at once, and its deadline's timer fires while the thread
    // draws: it leaves with a random point, and the round's point for it, cut short, is dropped.
    const [fallback] = await service.ask(study.id, {}, late());
    expect(fallback!.reason?.fallback).toMatch(/^deadline: the model was not ready/);
    // The next ask waits for the round in flight, so the dropped point was drawn by then.
    const [next] = await service.ask(study.id);
    expect(next!.reason?.fallback).toBeUndefined();
    expect(reasons).toEqual([fallback!.reason!.fallback]);
    await service.close();
  }, 60_000);

  it('on a space without a continuous parameter, late asks get configurations the history does not hold until the space runs out', async () => {
    const service = new StudyService(new MemoryStorage(), { samplerRunner: pool });
    // A float with a step has finitely many values, like an int or a choice.
    const grid = { a: { type: 'float', low: 0, high: 1, step: 0.25 }, b: { type: 'categorical', choices: ['p', 'q', 'r', 's', 't'] } };
    const study = await service.createStudy({ name: 'grid-late', direction: 'minimize', space: grid as never, sampler: { type: 'gp', seed: 2, n_initial: 4 } });
    const handed: ApiTrial[] = [];
    // 25 configurations: each late ask takes the deadline's random point and is told before the next.
    for (let i = 0; i < 26; i++) {
      const [trial] = await service.ask(study.id, {}, late());
      handed.push(trial!);
      await service.tell(study.id, trial!.id, { value: (trial!.params.a as number) + 'pqrst'.indexOf(trial!.params.b as string) });
    }
    const random = handed.filter((t) => t.reason?.fallback?.startsWith('deadline: the model was not ready'));
    expect(random.length).toBeGreaterThanOrEqual(13);
    // The first 20 are distinct (a fresh configuration is then at least 6 of 25, so 64 draws all miss
    // it with a chance of 2e-8); all 26 asks are answered, the last with the space exhausted.
    const configurations = handed.map((t) => JSON.stringify(t.params));
    expect(new Set(configurations.slice(0, 20)).size).toBe(20);
    expect(handed).toHaveLength(26);
    expect(configurations.slice(0, 25)).toContain(configurations[25]);
    await service.close();
  }, 60_000);
});
