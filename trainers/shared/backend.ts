import * as path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { tf } from './tf';
import { TFJS_BACKENDS, type TfjsBackend, type TrainerLogger, type TrainerOptions } from '../../src/trainer/trainer';

/** TF.js backends in order of preference (the trainer API's list). */
export const BACKENDS = TFJS_BACKENDS;
export type BackendName = TfjsBackend;

/** Trains one tiny batch of the trainer's model; throws when a kernel is missing on the backend. */
export type BackendProbe = () => Promise<void>;

const chosen = new Map<string, Promise<BackendName>>();
let lastUsed: BackendName | null = null;

/** The backend the latest bundled trial ran on, or null before any (or for non-TF.js trainers). */
export function activeBackend(): BackendName | null {
  return lastUsed;
}

function registerTensorflow(): boolean {
  try {
    // NOTE: an optionalDependency that downloads libtensorflow on install; absent where that failed.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only if installed
    require('@tensorflow/tfjs-node');
    return tf.findBackendFactory('tensorflow') !== null;
  } catch {
    return false;
  }
}

function registerWasm(): boolean {
  try {
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${dist}${path.sep}`);
    return tf.findBackendFactory('wasm') !== null;
  } catch {
    return false;
  }
}

async function tryBackend(name: BackendName, probe: BackendProbe): Promise<string | null> {
  const present = name === 'tensorflow' ? registerTensorflow() : name === 'wasm' ? registerWasm() : true;
  if (!present) return 'not installed';
  try {
    if (!(await tf.setBackend(name))) return 'failed to initialise';
    await tf.ready();
    await probe();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The backend `choice` forces, or undefined for auto; throws naming the valid ones on a bad value. */
export function forcedBackend(choice: TrainerOptions['backend'] | string | undefined): BackendName | undefined {
  if (choice === undefined || choice === '' || choice === 'auto') return undefined;
  if (!(BACKENDS as readonly string[]).includes(choice)) throw new Error(`backend "${choice}" is not a backend; use one of auto, ${BACKENDS.join(', ')}`);
  return choice as BackendName;
}

async function select(probe: BackendProbe, logger: TrainerLogger, forced: BackendName | undefined): Promise<BackendName> {
  const candidates = forced ? [forced] : BACKENDS;
  const skipped: string[] = [];
  for (const name of candidates) {
    const problem = await tryBackend(name, probe);
    if (problem === null) {
      logger.info(`TF.js backend: ${name}${forced ? ' (forced)' : ''}${skipped.length ? ` (skipped ${skipped.join('; ')})` : ''}`);
      return name;
    }
    skipped.push(`${name}: ${problem}`);
  }
  throw new Error(`no usable TF.js backend: ${skipped.join('; ')}`);
}

/**
 * Picks the best backend that can train the model of `key` (a trainer name): tensorflow, else wasm
 * when the probe finds all its kernels there, else cpu; or the one `choice` forces (a bad choice
 * throws naming the valid ones). Memoised per key and choice, so the probe runs once per process
 * and trainer. Resolves to the backend's name and makes it current.
 */
export async function ensureBackend(key: string, probe: BackendProbe, logger: TrainerLogger, choice?: TrainerOptions['backend']): Promise<BackendName> {
  const forced = forcedBackend(choice);
  const memo = `${key}:${forced ?? 'auto'}`;
  let pending = chosen.get(memo);
  if (!pending) {
    pending = select(probe, logger, forced);
    chosen.set(memo, pending);
    pending.catch(() => chosen.delete(memo));
  }
  const name = await pending;
  if (tf.getBackend() !== name) await tf.setBackend(name);
  lastUsed = name;
  return name;
}
