import { FNV1A_OFFSET, fnv1aStep } from '../../core/fnv1a';
import type { SearchSpace } from '../../domain/space';
import type { GpObservation } from './observations';

/**
 * A 64-bit key of a stream of text, built as it is fed: two independent 32-bit lanes, FNV-1a
 * (core/fnv1a) and a multiply-xorshift lane. Equal streams, and only those (up to 64-bit
 * collisions), share a key.
 */
export class HistoryKeyHasher {
  private a = FNV1A_OFFSET;
  private b = 0x01234567;

  /** Feeds `text` (its UTF-16 code units). */
  mix(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      this.a = fnv1aStep(this.a, c);
      this.b = Math.imul(this.b ^ c, 0x5bd1e995) ^ (this.b >>> 13);
    }
  }

  /** The key of everything fed so far, as two base-36 words. */
  key(): string {
    return (this.a >>> 0).toString(36) + ':' + (this.b >>> 0).toString(36);
  }
}

/**
 * Prefix hashes of a trial history: element k hashes the space and the first k trials (numbers,
 * params, losses and whether the loss is a failed trial's stand-in), so equal prefixes, and only
 * those, share a key (up to 64-bit collisions; see HistoryKeyHasher).
 */
export function historyPrefixKeys(space: SearchSpace, trials: GpObservation[]): string[] {
  const hasher = new HistoryKeyHasher();
  hasher.mix(JSON.stringify(space));
  const keys = [hasher.key()];
  for (const t of trials) {
    hasher.mix(`${t.number}|${t.loss}${t.standIn ? '|stand-in' : ''}|${JSON.stringify(t.params)};`);
    keys.push(hasher.key());
  }
  return keys;
}
