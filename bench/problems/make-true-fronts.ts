import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchFlags } from '../flags';
import { denseFront } from './dense-front';
import { DENSE_GRID_PROBLEMS, type TrueFrontEntry } from './true-fronts';

/**
 * Writes bench/problems/true-fronts.json: for each problem without an analytic front, the
 * hypervolume of its feasible points on a dense grid (`--points N` per float axis, default 2001),
 * refined `--refinements R` times (default 2) around the front found (see denseFront), and the same
 * on a grid of half as many points to show how far the figure still moves. Run it (through
 * `npm run bench:mo:fronts`) after changing a problem or its reference; it takes about a minute.
 */
function main(): void {
  const flags = benchFlags('npm run bench:mo:fronts [-- --points 2001 --refinements 2]: writes bench/problems/true-fronts.json', { points: '2001', refinements: '2' });
  const points = Number(flags.points);
  const refinements = Number(flags.refinements);
  const problems: Record<string, TrueFrontEntry> = {};
  for (const { definition, grid } of DENSE_GRID_PROBLEMS) {
    const t0 = performance.now();
    const fine = denseFront(definition, grid(points), refinements);
    const half = denseFront(definition, grid(Math.ceil(points / 2)), refinements);
    problems[definition.name] = { reference: definition.reference, points, refinements, hypervolume: fine.hypervolume, halfGridHypervolume: half.hypervolume, evaluations: fine.evaluations, frontSize: fine.frontSize };
    console.log(`${definition.name}: HV ${fine.hypervolume} (half grid ${half.hypervolume}, difference ${(fine.hypervolume - half.hypervolume).toExponential(2)}), ${fine.frontSize} front points of ${fine.evaluations}, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const about = `Hypervolumes of the true fronts of the bench:mo problems without an analytic one, by dense grid (${points} points per float axis, refined ${refinements} times around the front); written by bench/problems/make-true-fronts.ts.`;
  // NOTE: written beside the source (not dist/), where the problems import it from.
  const file = path.resolve(__dirname, '..', '..', '..', 'bench', 'problems', 'true-fronts.json');
  writeFileSync(file, `${JSON.stringify({ about, problems }, null, 1)}\n`);
  console.log(`wrote ${file}`);
}

main();
