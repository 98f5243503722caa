import type { ParamSpec, ParamValue, Params, SearchSpace } from '../../domain/space';
import { parameterOrder } from '../../core/space';
import type { ValueList } from './value-list';

/** One parameter of the grid with the children that its listed values switch on. */
interface TreeNode {
  name: string;
  values: ValueList;
  /** value index -> child nodes active for that value (only values some child's condition names). */
  childrenAt: Map<bigint, TreeNode[]>;
}

/**
 * The grid of a (possibly conditional) space as a forest: roots are unconditional parameters, a
 * child hangs under the values of its parent that switch it on. The number of configurations is
 * counted per branch (a value's block is the product of its active children's counts), so any
 * configuration is decoded from its index in O(depth x listed condition values) without ever
 * enumerating the grid. Index order is mixed-radix with the first root varying fastest.
 */
export class ConfigTree {
  private readonly roots: TreeNode[];
  private readonly counts = new Map<TreeNode, bigint>();
  private readonly order: string[];
  /** Number of distinct configurations (exact, may exceed 2^53). */
  readonly size: bigint;

  /** @param lists one value list per parameter of the validated space */
  constructor(space: SearchSpace, lists: ReadonlyMap<string, ValueList>) {
    this.order = parameterOrder(space);
    const nodes = new Map<string, TreeNode>();
    for (const name of this.order) nodes.set(name, { name, values: lists.get(name) as ValueList, childrenAt: new Map() });
    this.roots = [];
    for (const name of this.order) {
      const node = nodes.get(name) as TreeNode;
      const cond = (space[name] as ParamSpec).condition;
      if (cond) attachChild(nodes.get(cond.parent) as TreeNode, node, cond.values);
      else this.roots.push(node);
    }
    this.size = this.countForest(this.roots);
  }

  /** The configuration at index 0 <= index < size, holding exactly its active parameters in parameterOrder. */
  decode(index: bigint): Params {
    const found = new Map<string, ParamValue>();
    this.decodeForest(this.roots, index, found);
    const params: Params = {};
    for (const name of this.order) {
      const value = found.get(name);
      if (value !== undefined) params[name] = value;
    }
    return params;
  }

  private countForest(nodes: readonly TreeNode[]): bigint {
    return nodes.reduce((product, node) => product * this.countNode(node), 1n);
  }

  private countNode(node: TreeNode): bigint {
    const cached = this.counts.get(node);
    if (cached !== undefined) return cached;
    let total = node.values.size - BigInt(node.childrenAt.size);
    for (const children of node.childrenAt.values()) total += this.countForest(children);
    this.counts.set(node, total);
    return total;
  }

  private decodeForest(nodes: readonly TreeNode[], index: bigint, out: Map<string, ParamValue>): void {
    let rest = index;
    for (const node of nodes) {
      const radix = this.countNode(node);
      this.decodeNode(node, rest % radix, out);
      rest /= radix;
    }
  }

  /** Walks the value blocks in index order: unlisted values take one slot, listed ones their subtree count. */
  private decodeNode(node: TreeNode, index: bigint, out: Map<string, ParamValue>): void {
    const listed = [...node.childrenAt.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    let base = 0n;
    let nextValue = 0n;
    for (const k of listed) {
      const gap = k - nextValue;
      if (index < base + gap) break;
      base += gap;
      const block = this.countForest(node.childrenAt.get(k) as TreeNode[]);
      if (index < base + block) {
        out.set(node.name, node.values.at(k));
        this.decodeForest(node.childrenAt.get(k) as TreeNode[], index - base, out);
        return;
      }
      base += block;
      nextValue = k + 1n;
    }
    out.set(node.name, node.values.at(nextValue + (index - base)));
  }
}

function attachChild(parent: TreeNode, child: TreeNode, values: readonly ParamValue[]): void {
  for (const value of values) {
    const k = parent.values.indexOf(value);
    if (k < 0n) continue;
    const children = parent.childrenAt.get(k) ?? [];
    if (!children.includes(child)) children.push(child);
    parent.childrenAt.set(k, children);
  }
}
