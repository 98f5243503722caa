import * as fs from 'node:fs';
import * as path from 'node:path';
import { tf } from './tf';

/** What a trial writes next to its weights (weights.json); `loss` is its objective, lower is better. */
export interface SavedWeightsMeta {
  trainer: string;
  architecture: string;
  loss: number;
  trialNumber: number;
  shapes: number[][];
}

const META = 'weights.json';
const DATA = 'weights.bin';

/**
 * The architecture a set of weights fits: the trainer's name and the shapes of all weights (trainable
 * and not, such as batch-norm statistics) in layer order. Equal keys mean loadable weights.
 */
export function architectureKey(trainer: string, model: tf.LayersModel): string {
  return `${trainer}:${JSON.stringify(model.getWeights().map((w) => w.shape))}`;
}

/**
 * Writes all weights of `model` as float32 in layer order to `dir`/weights.bin and the meta data to
 * `dir`/weights.json. The meta file is renamed into place last, so a reader never sees half a save.
 */
export async function saveWeights(model: tf.LayersModel, dir: string, meta: Omit<SavedWeightsMeta, 'shapes' | 'architecture'>): Promise<string> {
  fs.mkdirSync(dir, { recursive: true });
  const weights = model.getWeights();
  const arrays = await Promise.all(weights.map((w) => w.data()));
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const a of arrays) {
    all.set(a as Float32Array, at);
    at += a.length;
  }
  fs.writeFileSync(path.join(dir, DATA), Buffer.from(all.buffer));
  const full: SavedWeightsMeta = { ...meta, architecture: architectureKey(meta.trainer, model), shapes: weights.map((w) => w.shape) };
  fs.writeFileSync(path.join(dir, `${META}.tmp`), JSON.stringify(full));
  fs.renameSync(path.join(dir, `${META}.tmp`), path.join(dir, META));
  return dir;
}

function readMeta(dir: string): SavedWeightsMeta | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, META), 'utf8')) as SavedWeightsMeta;
  } catch {
    return null;
  }
}

/** The directory of the lowest-loss saved weights under `studyDir` with this architecture, or null. */
export function findBestWeights(studyDir: string, architecture: string): { dir: string; meta: SavedWeightsMeta } | null {
  if (!fs.existsSync(studyDir)) return null;
  let best: { dir: string; meta: SavedWeightsMeta } | null = null;
  for (const entry of fs.readdirSync(studyDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(studyDir, entry.name);
    const meta = readMeta(dir);
    if (meta && meta.architecture === architecture && Number.isFinite(meta.loss) && (!best || meta.loss < best.meta.loss)) best = { dir, meta };
  }
  return best;
}

/** Overwrites the weights of `model` with those saved in `dir`; throws when the shapes differ. */
export function loadWeights(model: tf.LayersModel, dir: string): void {
  const meta = readMeta(dir);
  if (!meta) throw new Error(`no saved weights in ${dir}`);
  const expected = JSON.stringify(model.getWeights().map((w) => w.shape));
  if (JSON.stringify(meta.shapes) !== expected) throw new Error(`weights in ${dir} have shapes ${JSON.stringify(meta.shapes)}, the model needs ${expected}`);
  const bytes = fs.readFileSync(path.join(dir, DATA));
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  let at = 0;
  const tensors = meta.shapes.map((shape) => {
    const size = shape.reduce((n, s) => n * s, 1);
    const t = tf.tensor(all.subarray(at, at + size), shape);
    at += size;
    return t;
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}
