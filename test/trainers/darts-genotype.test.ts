import { checkGenotype, deriveGenotype, describeGenotype, edgeCount, firstEdgeOf, OPERATIONS, randomGenotype } from '../../trainers/darts/genotype';
import { SeededRandom } from '../../trainers/shared/random';

/** Softmax-like rows for `nodes` nodes: every entry 0.1 except those set by `set(edge) -> [op, weight][]`. */
function rows(nodes: number, set: (edge: number) => [string, number][]): number[][] {
  return Array.from({ length: edgeCount(nodes) }, (_, edge) => {
    const row = OPERATIONS.map(() => 0.1);
    for (const [op, w] of set(edge)) row[OPERATIONS.indexOf(op as (typeof OPERATIONS)[number])] = w;
    return row;
  });
}

describe('DARTS derivation rule', () => {
  it('lays out node k’s k + 2 incoming edges after those of the nodes before it', () => {
    expect([0, 1, 2, 3].map(firstEdgeOf)).toEqual([0, 2, 5, 9]);
    expect(edgeCount(3)).toBe(9);
    expect(edgeCount(4)).toBe(14);
  });

  it('keeps the strongest non-zero op per edge, even when `none` dominates the edge', () => {
    // Node 0 (edges 0, 1): edge 0 is mostly `none`, but its best real op is conv_5x5 at 0.2.
    const weights = rows(3, (edge) => (edge === 0 ? [['none', 0.7], ['conv_5x5', 0.2]] : edge === 1 ? [['skip_connect', 0.3]] : []));
    const genotype = deriveGenotype(weights, 3);
    expect(genotype.edges[0]).toEqual([{ op: 'conv_5x5', from: 0 }, { op: 'skip_connect', from: 1 }]);
  });

  it('keeps the two incoming edges whose kept op is strongest, ranking edges by that op and not by `none`', () => {
    // Node 2 reads states 0..3 (edges 5..8). Edge 5 has the largest `none` but weak ops; edges 6 and 8 win.
    const weights = rows(3, (edge) => {
      if (edge === 5) return [['none', 0.9], ['avg_pool_3x3', 0.11]];
      if (edge === 6) return [['dil_conv_3x3', 0.5]];
      if (edge === 7) return [['max_pool_3x3', 0.3]];
      if (edge === 8) return [['conv_3x3', 0.6]];
      return [['conv_3x3', 0.4]];
    });
    const genotype = deriveGenotype(weights, 3);
    expect(genotype.edges[2]).toEqual([{ op: 'dil_conv_3x3', from: 1 }, { op: 'conv_3x3', from: 3 }]);
    expect(genotype.edges[1]).toEqual([{ op: 'conv_3x3', from: 0 }, { op: 'conv_3x3', from: 1 }]);
    expect(describeGenotype(genotype)).toBe('n0 = conv_3x3(c_{k-2}) + conv_3x3(c_{k-1}); n1 = conv_3x3(c_{k-2}) + conv_3x3(c_{k-1}); n2 = dil_conv_3x3(c_{k-1}) + conv_3x3(n1); out = concat(n0..n2)');
  });

  it('refuses rows that do not fit the node count', () => {
    expect(() => deriveGenotype(rows(3, () => []), 4)).toThrow(/expected 14 α rows for 4 nodes, got 9/);
  });

  it('draws random cells from the same space: two distinct earlier inputs per node, never `none`', () => {
    const rng = new SeededRandom(11);
    const seen = new Set<string>();
    for (let i = 0; i < 50; i += 1) {
      const genotype = checkGenotype(randomGenotype(4, rng));
      genotype.edges.forEach((edges) => expect(edges[0]?.from).not.toBe(edges[1]?.from));
      genotype.edges.flat().forEach((e) => seen.add(e.op));
    }
    expect([...seen].sort()).toEqual(OPERATIONS.filter((op) => op !== 'none').sort());
  });
});
