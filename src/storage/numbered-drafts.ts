import type { TrialDraft } from './port';

/**
 * The drafts an ask appends (AskClaim.first_number): `need` drafts starting with the one meant for
 * trial number `nextNumber`, or null when the drafts do not reach that far (stale: other asks took
 * those numbers since the caller read the count). Unnumbered drafts (firstNumber undefined) are
 * taken from the front, as many as there are up to `need`.
 */
export function draftsForNumbers(drafts: readonly TrialDraft[], firstNumber: number | undefined, nextNumber: number, need: number): TrialDraft[] | null {
  if (need <= 0) return [];
  if (firstNumber === undefined) return drafts.slice(0, need);
  const offset = nextNumber - firstNumber;
  if (offset < 0 || offset + need > drafts.length) return null;
  return drafts.slice(offset, offset + need);
}
