import { Rng } from '../../src/core/rng';
import { sampleParams } from '../../src/core/space';
import type { SearchSpace } from '../../src/domain/space';
import { buildNewStudy } from '../../src/service/new-study';
import { openStorage } from '../../src/storage/open-storage';
import type { TrialDraft } from '../../src/storage/port';

/** The benchmark's search space: four floats (one log-scaled), an int and a categorical. */
export const BENCH_SPACE = {
  lr: { type: 'float', low: 1e-5, high: 1e-1, log: true },
  dropout: { type: 'float', low: 0, high: 0.5 },
  momentum: { type: 'float', low: 0.5, high: 0.99 },
  decay: { type: 'float', low: 0, high: 1 },
  layers: { type: 'int', low: 1, high: 8 },
  optimizer: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] },
} as const;

/** A study to create at `location` with `trials` COMPLETE trials at random points. */
export interface StudyFill {
  name: string;
  /** Default BENCH_SPACE. */
  space?: SearchSpace;
  sampler: Record<string, unknown>;
  trials: number;
}

const BATCH = 1000;

function completeDrafts(rng: Rng, count: number, space: SearchSpace): TrialDraft[] {
  return Array.from({ length: count }, () => {
    const params = sampleParams(space, rng);
    return { state: 'COMPLETE' as const, params, value: rng.uniform(0, 1), user_attrs: { epoch_seconds: rng.uniform(0, 100) } };
  });
}

/**
 * Creates the studies straight through the storage port (much faster than over HTTP) and returns
 * their ids by name. The server processes are started on the same location afterwards.
 */
export async function populate(location: string, fills: StudyFill[]): Promise<Map<string, string>> {
  const storage = await openStorage(location);
  const ids = new Map<string, string>();
  const rng = new Rng(2024);
  try {
    for (const fill of fills) {
      const space = fill.space ?? (BENCH_SPACE as unknown as SearchSpace);
      const study = await storage.createStudy(buildNewStudy({ name: fill.name, direction: 'minimize', space, sampler: fill.sampler } as never), Date.now());
      for (let done = 0; done < fill.trials; done += BATCH) {
        await storage.addTrials(study.id, completeDrafts(rng, Math.min(BATCH, fill.trials - done), space), Date.now());
      }
      ids.set(fill.name, study.id);
    }
  } finally {
    await storage.close();
  }
  return ids;
}
