import type { Trial } from '../domain/trial';
import type { AskResult, HandedTrial, TrialDraft } from './port';

/** The drafts an ask appends and the index in the caller's drafts of the first of them. */
export interface WantedDrafts {
  first: number;
  drafts: TrialDraft[];
}

/**
 * The drafts an ask appends (AskClaim.first_number): `need` drafts starting with the one meant for
 * trial number `nextNumber`, or null when the drafts do not reach that far (stale: other asks took
 * those numbers since the caller read the count). Unnumbered drafts (firstNumber undefined) are
 * taken from the front, as many as there are up to `need`.
 */
export function draftsForNumbers(drafts: readonly TrialDraft[], firstNumber: number | undefined, nextNumber: number, need: number): WantedDrafts | null {
  if (need <= 0) return { first: 0, drafts: [] };
  if (firstNumber === undefined) return { first: 0, drafts: drafts.slice(0, need) };
  const offset = nextNumber - firstNumber;
  if (offset < 0 || offset + need > drafts.length) return null;
  return { first: offset, drafts: drafts.slice(offset, offset + need) };
}

/**
 * The committed AskResult of an ask that handed back `held`, claimed `claimed` and appended
 * `appended`, where appended[i] was made from drafts[firstDraft + i] of the commitAsk call.
 */
export function committedAsk(held: readonly Trial[], claimed: readonly Trial[], appended: readonly Trial[], firstDraft: number): AskResult {
  return {
    outcome: 'committed',
    handed: [
      ...held.map((trial): HandedTrial => ({ how: 'held', trial })),
      ...claimed.map((trial): HandedTrial => ({ how: 'claimed', trial })),
      ...appended.map((trial, i): HandedTrial => ({ how: 'appended', trial, draft: firstDraft + i })),
    ],
  };
}
