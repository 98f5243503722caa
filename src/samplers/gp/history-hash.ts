import { FNV1A_OFFSET, fnv1aStep } from '../../core/fnv1a';
import type { SearchSpace } from '../../domain/space';
import type { GpObservation } from './observations';

/**
 * Prefix hashes of a trial history: element k hashes the space and the first k trials (numbers,
 * params, losses and whether the loss is a failed trial's stand-in), so equal prefixes, and only
 * those, share a key (up to 64-bit collisions).
 * Two independent 32-bit lanes make the key: FNV-1a (core/fnv1a) and a multiply-xorshift lane.
 */
export function historyPrefixKeys(space: SearchSpace, trials: GpObservation[]): string[] {
  let a = FNV1A_OFFSET;
  let b = 0x01234567;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = fnv1aStep(a, c);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
    }
  };
  mix(JSON.stringify(space));
  const keys = [key(a, b)];
  for (const t of trials) {
    mix(`${t.number}|${t.loss}${t.standIn ? '|stand-in' : ''}|${JSON.stringify(t.params)};`);
    keys.push(key(a, b));
  }
  return keys;
}

function key(a: number, b: number): string {
  return (a >>> 0).toString(36) + ':' + (b >>> 0).toString(36);
}
