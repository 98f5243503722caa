import { branin } from '../functions';
import { metrics, minimized, type ConstrainedProblem } from './problem';
import type { ParetoDefinition } from './multi-objective';

/** Gardner et al. (2014), simulation 1: f = cos(2 x1) cos(x2) + sin(x1) on [0, 6]^2. */
export function gardnerObjective(x1: number, x2: number): number {
  return Math.cos(2 * x1) * Math.cos(x2) + Math.sin(x1);
}

/** Its constraint metric, cos(x1) cos(x2) - sin(x1) sin(x2) (= cos(x1 + x2)), feasible when <= 0.5. */
export function gardnerConstraint(x1: number, x2: number): number {
  return Math.cos(x1) * Math.cos(x2) - Math.sin(x1) * Math.sin(x2);
}

/** BNH (Binh and Korn) on [0, 5] x [0, 3]: f1 = 4 x1^2 + 4 x2^2, f2 = (x1 - 5)^2 + (x2 - 5)^2. */
export function bnh(x1: number, x2: number): { f: [number, number]; c1: number; c2: number } {
  return {
    f: [4 * x1 ** 2 + 4 * x2 ** 2, (x1 - 5) ** 2 + (x2 - 5) ** 2],
    /** Feasible when <= 25. */
    c1: (x1 - 5) ** 2 + x2 ** 2,
    /** Feasible when >= 7.7. */
    c2: (x1 - 8) ** 2 + (x2 + 3) ** 2,
  };
}

/** SRN (Srinivas and Deb) on [-20, 20]^2: f1 = 2 + (x1 - 2)^2 + (x2 - 1)^2, f2 = 9 x1 - (x2 - 1)^2. */
export function srn(x1: number, x2: number): { f: [number, number]; c1: number; c2: number } {
  return {
    f: [2 + (x1 - 2) ** 2 + (x2 - 1) ** 2, 9 * x1 - (x2 - 1) ** 2],
    /** Feasible when <= 225. */
    c1: x1 ** 2 + x2 ** 2,
    /** Feasible when <= 0. */
    c2: x1 - 3 * x2 + 10,
  };
}

/**
 * Gardner's toy, constraint c <= 0.5. The unconstrained minimum -2 (cos(2 x1) = -1, cos(x2) = 1,
 * sin(x1) = -1) is reached only at (3 pi / 2, 0), where c = 0: feasible, so f* = -2, on the box's edge.
 */
export const GARDNER: ConstrainedProblem = {
  kind: 'constrained',
  name: 'gardner',
  about: "Gardner et al. 2014's toy on [0,6]^2, constraint cos(x0 + x1) <= 0.5",
  space: { x0: { type: 'float', low: 0, high: 6 }, x1: { type: 'float', low: 0, high: 6 } },
  spec: { objectives: [{ name: 'value', direction: 'minimize' }], constraints: [{ name: 'c', max: 0.5 }] },
  evaluate: (p) => metrics([['value', gardnerObjective(p.x0 as number, p.x1 as number)], ['c', gardnerConstraint(p.x0 as number, p.x1 as number)]]),
  fStar: -2,
};

/**
 * Branin on its usual box with the disk (x0 - 2.5)^2 + (x1 - 7.5)^2 <= 50 (Gelbart et al. 2014): of
 * Branin's three minimisers only (pi, 2.275) lies in the disk (distance^2 27.7; the others 54.6 and
 * 73.1), so f* is Branin's minimum 0.397887357729738.
 */
export const BRANIN_DISK: ConstrainedProblem = {
  kind: 'constrained',
  name: 'branin_disk',
  about: 'Branin with the disk constraint (x0-2.5)^2 + (x1-7.5)^2 <= 50',
  space: { x0: { type: 'float', low: -5, high: 10 }, x1: { type: 'float', low: 0, high: 15 } },
  spec: { objectives: [{ name: 'value', direction: 'minimize' }], constraints: [{ name: 'disk', max: 50 }] },
  evaluate: (p) => {
    const [x0, x1] = [p.x0 as number, p.x1 as number];
    return metrics([['value', branin(x0, x1)], ['disk', (x0 - 2.5) ** 2 + (x1 - 7.5) ** 2]]);
  },
  fStar: 0.397887357729738,
};

/** BNH with its two constraints (c1 <= 25, c2 >= 7.7: one upper, one lower bound); reference (150, 55). */
export const BNH: ParetoDefinition = {
  name: 'bnh',
  about: 'BNH on [0,5]x[0,3], 2 objectives, constraints c1 <= 25 and c2 >= 7.7',
  space: { x0: { type: 'float', low: 0, high: 5 }, x1: { type: 'float', low: 0, high: 3 } },
  spec: { objectives: minimized(2), constraints: [{ name: 'c1', max: 25 }, { name: 'c2', min: 7.7 }] },
  evaluate: (p) => {
    const { f, c1, c2 } = bnh(p.x0 as number, p.x1 as number);
    return metrics([['f1', f[0]], ['f2', f[1]], ['c1', c1], ['c2', c2]]);
  },
  reference: [150, 55],
};

/** SRN with its two constraints (c1 <= 225, c2 <= 0); reference (250, 0) (the front spans f1 24.5..212, f2 -213..-24.75). */
export const SRN: ParetoDefinition = {
  name: 'srn',
  about: 'SRN on [-20,20]^2, 2 objectives, constraints c1 <= 225 and c2 <= 0',
  space: { x0: { type: 'float', low: -20, high: 20 }, x1: { type: 'float', low: -20, high: 20 } },
  spec: { objectives: minimized(2), constraints: [{ name: 'c1', max: 225 }, { name: 'c2', max: 0 }] },
  evaluate: (p) => {
    const { f, c1, c2 } = srn(p.x0 as number, p.x1 as number);
    return metrics([['f1', f[0]], ['f2', f[1]], ['c1', c1], ['c2', c2]]);
  },
  reference: [250, 0],
};
