import { Callback, Tensor, type Logs } from '@tensorflow/tfjs';
import type { ApiTrial } from '../api/types';
import type { StudyClient } from '../client/study-client';

/** Options of baytuneCallback. */
export interface BaytuneCallbackOptions {
  /** The key of model.fit's epoch logs to report, such as `val_loss`, `loss` or `val_acc`. */
  metric: string;
  /**
   * How the metric improves. When given, it must match the study's direction (checked when
   * training starts, so a maximised loss is caught before any epoch runs); default: the study's.
   */
  direction?: 'minimize' | 'maximize';
  /** Which epoch's metric to tell: the `last` (default) or the `best` one for the direction. */
  value?: 'last' | 'best';
}

/**
 * A TF.js callback for `model.fit` that drives one baytune trial: every epoch it reports
 * `logs[metric]` (step = epoch index from 0); when the study's pruner answers should_prune it sets
 * `model.stopTraining` and tells PRUNED; when training ends otherwise it tells the final value.
 * A non-finite metric stops training and tells FAIL. If `fit` throws, call `fail(error)`.
 */
export class BaytuneCallback extends Callback {
  /** The trial as told (COMPLETE, PRUNED or FAIL), once training has ended. */
  told: ApiTrial | null = null;
  private readonly values: number[] = [];
  private direction: 'minimize' | 'maximize' = 'minimize';
  private stopReason: { state: 'PRUNED' } | { state: 'FAIL'; reason: string } | null = null;

  constructor(
    private readonly client: StudyClient,
    private readonly studyId: string,
    private readonly trial: Pick<ApiTrial, 'id' | 'number'>,
    private readonly options: BaytuneCallbackOptions,
  ) {
    super();
  }

  override async onTrainBegin(): Promise<void> {
    const study = await this.client.getStudy(this.studyId);
    if (this.options.direction !== undefined && this.options.direction !== study.direction) {
      throw new Error(`metric "${this.options.metric}" should be ${this.options.direction}d, but study "${study.name}" is set to ${study.direction}`);
    }
    this.direction = study.direction;
  }

  override async onEpochEnd(epoch: number, logs?: Logs): Promise<void> {
    const value = await scalarOf(logs?.[this.options.metric]);
    if (value === undefined) {
      throw new Error(`metric "${this.options.metric}" is not in the epoch logs (have: ${Object.keys(logs ?? {}).join(', ')})`);
    }
    if (!Number.isFinite(value)) {
      this.stop({ state: 'FAIL', reason: `${this.options.metric} was ${value} at epoch ${epoch}` });
      return;
    }
    this.values.push(value);
    if (await this.client.report(this.studyId, this.trial.id, { step: epoch, value })) this.stop({ state: 'PRUNED' });
  }

  override async onTrainEnd(): Promise<void> {
    if (this.stopReason) {
      this.told = await this.client.tell(this.studyId, this.trial.id, this.stopReason);
      return;
    }
    const value = this.finalValue();
    this.told = await this.client.tell(
      this.studyId,
      this.trial.id,
      value === undefined ? { state: 'FAIL', reason: 'training ended before the first epoch' } : { value },
    );
  }

  /** Tells FAIL with the error's message (for a `fit` that threw); returns the told trial. */
  async fail(error: unknown): Promise<ApiTrial> {
    const reason = error instanceof Error ? error.message : String(error);
    this.told = await this.client.tell(this.studyId, this.trial.id, { state: 'FAIL', reason });
    return this.told;
  }

  private stop(reason: NonNullable<BaytuneCallback['stopReason']>): void {
    this.stopReason = reason;
    this.model.stopTraining = true;
  }

  private finalValue(): number | undefined {
    if (this.options.value !== 'best') return this.values[this.values.length - 1];
    if (this.values.length === 0) return undefined;
    return this.direction === 'maximize' ? Math.max(...this.values) : Math.min(...this.values);
  }
}

/**
 * A log entry as a number. NOTE: model.fit hands callbacks its epoch logs before resolving them,
 * so an entry may still be a scalar Tensor although the Logs type says number.
 */
async function scalarOf(entry: unknown): Promise<number | undefined> {
  if (typeof entry === 'number') return entry;
  if (entry instanceof Tensor) return (await entry.data())[0];
  return undefined;
}

/**
 * The callback for one trial: `model.fit(x, y, { epochs, validationSplit, callbacks: [baytuneCallback(client, study.id, trial, { metric: 'val_loss' })] })`.
 * `trial` is what `client.ask` returned. See BaytuneCallback for what it reports and tells.
 */
export function baytuneCallback(
  client: StudyClient,
  studyId: string,
  trial: Pick<ApiTrial, 'id' | 'number'>,
  options: BaytuneCallbackOptions,
): BaytuneCallback {
  return new BaytuneCallback(client, studyId, trial, options);
}
