import type { SeededRandom } from '../shared/random';

/**
 * The candidate operations on every edge of a cell, in α order. Convolutions are plain (not
 * separable) ReLU-conv-BN blocks; `dil_conv_3x3` has dilation 2 (a 5x5 field); pools are 3x3,
 * stride 1, followed by BN in the supernet; `skip_connect` is the identity; `none` is the zero op.
 */
export const OPERATIONS = ['none', 'skip_connect', 'max_pool_3x3', 'avg_pool_3x3', 'conv_3x3', 'conv_5x5', 'dil_conv_3x3'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** One kept edge of a derived cell: the operation and the index of the state it reads (0, 1 = the cell's inputs, 2.. = earlier nodes). */
export interface GenotypeEdge {
  op: Exclude<Operation, 'none'>;
  from: number;
}

/**
 * A derived cell: `nodes` intermediate nodes, each with exactly two incoming edges (node k is
 * state k + 2); the cell's output concatenates all intermediate nodes along channels.
 */
export interface Genotype {
  nodes: number;
  edges: GenotypeEdge[][];
}

/** The edges of a cell with `nodes` intermediate nodes, in α-row order: node k has k + 2 inputs. */
export function edgeCount(nodes: number): number {
  return (nodes * (nodes + 3)) / 2;
}

/** The first α row of node k (its edges from states 0..k+1 follow in order). */
export function firstEdgeOf(node: number): number {
  return (node * (node + 3)) / 2;
}

function strongestNonZero(row: readonly number[]): { op: GenotypeEdge['op']; weight: number } {
  // NOTE: OPERATIONS[0] is `none`, which the rule never keeps.
  let best = { op: OPERATIONS[1] as GenotypeEdge['op'], weight: -Infinity };
  for (let o = 1; o < OPERATIONS.length; o += 1) {
    const weight = row[o] as number;
    if (weight > best.weight) best = { op: OPERATIONS[o] as GenotypeEdge['op'], weight };
  }
  return best;
}

/**
 * The DARTS derivation rule: on each edge keep the strongest operation other than `none` (by its
 * softmax weight), then keep the two incoming edges per node whose kept operation is strongest.
 * `weights` is [edgeCount(nodes)][OPERATIONS.length] softmax rows (α rows work too: same order).
 * Ties go to the earlier edge and the earlier operation.
 */
export function deriveGenotype(weights: readonly (readonly number[])[], nodes: number): Genotype {
  if (weights.length !== edgeCount(nodes)) throw new Error(`expected ${edgeCount(nodes)} α rows for ${nodes} nodes, got ${weights.length}`);
  const edges: GenotypeEdge[][] = [];
  for (let node = 0; node < nodes; node += 1) {
    const candidates = Array.from({ length: node + 2 }, (_, from) => ({ from, ...strongestNonZero(weights[firstEdgeOf(node) + from] as number[]) }));
    const kept = [...candidates].sort((a, b) => b.weight - a.weight || a.from - b.from).slice(0, 2);
    edges.push(kept.sort((a, b) => a.from - b.from).map(({ op, from }) => ({ op, from })));
  }
  return { nodes, edges };
}

/** A cell drawn uniformly from the same space: per node two distinct inputs and a non-zero op for each. */
export function randomGenotype(nodes: number, rng: SeededRandom): Genotype {
  const ops = OPERATIONS.filter((op): op is GenotypeEdge['op'] => op !== 'none');
  const edges: GenotypeEdge[][] = [];
  for (let node = 0; node < nodes; node += 1) {
    const [a, b] = rng.permutation(node + 2) as [number, number];
    edges.push([a, b].sort((x, y) => x - y).map((from) => ({ op: ops[Math.floor(rng.next() * ops.length)] as GenotypeEdge['op'], from })));
  }
  return { nodes, edges };
}

function stateName(index: number): string {
  return index < 2 ? `c_{k-${2 - index}}` : `n${index - 2}`;
}

/** One readable line, e.g. `n0 = conv_3x3(c_{k-2}) + skip_connect(c_{k-1}); n1 = ...; out = concat(n0..n2)`. */
export function describeGenotype(genotype: Genotype): string {
  const nodes = genotype.edges.map((edges, k) => `n${k} = ${edges.map((e) => `${e.op}(${stateName(e.from)})`).join(' + ')}`);
  return `${nodes.join('; ')}; out = concat(n0..n${genotype.nodes - 1})`;
}

/** Throws naming the problem when `value` is not a genotype of this space (for genotypes read from JSON). */
export function checkGenotype(value: Genotype): Genotype {
  value.edges.forEach((edges, node) => {
    if (edges.length !== 2) throw new Error(`genotype node ${node} must have exactly 2 edges`);
    for (const e of edges) {
      if (!OPERATIONS.includes(e.op) || e.op === ('none' as string)) throw new Error(`genotype node ${node}: unknown operation "${e.op}"`);
      if (!Number.isInteger(e.from) || e.from < 0 || e.from > node + 1) throw new Error(`genotype node ${node}: input ${e.from} must be an integer in 0..${node + 1}`);
    }
  });
  if (value.edges.length !== value.nodes) throw new Error(`genotype has ${value.edges.length} nodes of edges, expected ${value.nodes}`);
  return value;
}
