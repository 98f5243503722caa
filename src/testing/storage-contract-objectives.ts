/// <reference types="jest" />
import type { ObjectiveSpec } from '../domain/objectives';
import type { Trial } from '../domain/trial';
import type { Storage, TrialDraft } from '../storage/port';
import { newStudy } from './storage-contract';

const T0 = Date.UTC(2026, 0, 1);
const PARAMS = { z_last: 0.5, a_first: 'adam' };

/** Two objectives (one named like an Object.prototype member) and a two-sided constraint. */
const TWO_OBJECTIVES: ObjectiveSpec = {
  objectives: [{ name: 'val_loss', direction: 'minimize' }, { name: 'constructor', direction: 'maximize' }],
  constraints: [{ name: 'memory_mb', min: 1, max: 512 }],
};

/** One objective to maximise under an upper-bound constraint. */
const CONSTRAINED: ObjectiveSpec = { objectives: [{ name: 'accuracy', direction: 'maximize' }], constraints: [{ name: 'latency_ms', max: 30 }] };

const told = (values: Record<string, number>, feasible: boolean, value?: number): TrialDraft => ({
  state: 'COMPLETE', params: PARAMS, values, feasible, ...(value === undefined ? {} : { value }),
});

/**
 * Contract of what the storages keep of multi-objective studies and outcome constraints (issue 13):
 * the objective spec, each trial's metric values and feasibility, and best values that skip
 * infeasible trials. Rows of studies made with `direction` read as `{"value": v}`.
 */
export function describeObjectives(get: () => Storage): void {
  test('a study keeps its objectives and constraints; one made with direction reads as one objective "value"', async () => {
    const mo = await get().createStudy(newStudy('mo', { direction: 'maximize', ...TWO_OBJECTIVES }), T0);
    expect(mo).toMatchObject({ direction: 'minimize', ...TWO_OBJECTIVES });
    expect(await get().getStudy(mo.id)).toEqual(mo);
    expect(await get().findStudyByName('mo')).toEqual(mo);
    const plain = await get().createStudy(newStudy('plain', { direction: 'maximize' }), T0 + 1);
    expect(plain).toMatchObject({ direction: 'maximize', objectives: [{ name: 'value', direction: 'maximize' }], constraints: [] });
    expect((await get().listStudies()).map((s) => [s.name, s.objectives, s.constraints])).toEqual([
      ['mo', TWO_OBJECTIVES.objectives, TWO_OBJECTIVES.constraints],
      ['plain', plain.objectives, []],
    ]);
  });

  test('trial metric values and feasibility round-trip exactly, from a finish and from a COMPLETE draft', async () => {
    const study = await get().createStudy(newStudy('mo-values', TWO_OBJECTIVES), T0);
    const metrics = { val_loss: 0.1 + 0.2, constructor: 1e-300, memory_mb: 600 };
    const [added, run] = await get().addTrials(study.id, [told(metrics, false), { state: 'RUNNING', params: PARAMS }], T0);
    expect(run).toMatchObject({ value: null, values: null, feasible: null });
    const finished = await get().finishTrial(study.id, (run as Trial).id, { state: 'COMPLETE', value: null, values: metrics, feasible: true, fail_reason: null, now: T0 });
    for (const trial of [added, finished?.trial, await get().getTrial(study.id, (run as Trial).id)]) {
      expect({ ...trial?.values }).toEqual(metrics);
      expect(trial?.value).toBeNull();
      expect(Object.keys(trial?.values ?? {})).toEqual(['val_loss', 'constructor', 'memory_mb']);
    }
    const listed = await get().listTrials(study.id, { limit: 10 });
    expect(listed.map((t) => t.feasible)).toEqual([false, true]);
    expect(listed[1]?.values?.constructor).toBe(1e-300);
  });

  test('a trial of a study made with direction reads values {"value": v} and feasible true once it has a value', async () => {
    const study = await get().createStudy(newStudy('plain-values'), T0);
    const [done, open, pruned] = await get().addTrials(study.id, [
      { state: 'COMPLETE', params: PARAMS, value: 0.25 }, { state: 'RUNNING', params: PARAMS }, { state: 'RUNNING', params: PARAMS },
    ], T0);
    expect(done).toMatchObject({ value: 0.25, values: { value: 0.25 }, feasible: true });
    expect(open).toMatchObject({ value: null, values: null, feasible: null });
    await get().addIntermediate(study.id, (pruned as Trial).id, 3, 0.75, T0, T0 + 1);
    const cut = await get().finishTrial(study.id, (pruned as Trial).id, { state: 'PRUNED', value: null, fail_reason: null, now: T0 });
    expect(cut?.trial).toMatchObject({ value: 0.75, values: { value: 0.75 }, feasible: true });
  });

  test('bestTrial and the best value skip infeasible trials; null while none is feasible', async () => {
    const study = await get().createStudy(newStudy('constrained', CONSTRAINED), T0);
    await get().addTrials(study.id, [told({ accuracy: 0.99, latency_ms: 80 }, false, 0.99)], T0);
    expect(await get().bestTrial(study.id, 'maximize')).toBeNull();
    expect((await get().studySummary(study.id))?.best_value).toBeNull();
    await get().addTrials(study.id, [
      told({ accuracy: 0.8, latency_ms: 20 }, true, 0.8), told({ accuracy: 0.9, latency_ms: 30 }, true, 0.9), told({ accuracy: 0.95, latency_ms: 31 }, false, 0.95),
    ], T0);
    expect((await get().bestTrial(study.id, 'maximize'))?.number).toBe(2);
    expect((await get().studySummary(study.id))?.best_value).toBe(0.9);
    expect((await get().listStudies())[0]?.best_value).toBe(0.9);
  });

  test('a multi-objective study has no best value', async () => {
    const study = await get().createStudy(newStudy('mo-best', TWO_OBJECTIVES), T0);
    await get().addTrials(study.id, [told({ val_loss: 1, constructor: 2, memory_mb: 3 }, true)], T0);
    expect(await get().studySummary(study.id)).toMatchObject({ best_value: null, trial_counts: { COMPLETE: 1 } });
  });
}
