import type { ApiTrial } from '../api/types';
import { DomainError } from '../domain/errors';
import type { Trial } from '../domain/trial';

/** The API form of a trial: the stored trial plus `duration_seconds` (completed_at - started_at). */
export function presentTrial(trial: Trial): ApiTrial {
  const duration =
    trial.started_at && trial.completed_at ? (Date.parse(trial.completed_at) - Date.parse(trial.started_at)) / 1000 : null;
  return { ...trial, duration_seconds: duration };
}

/** Encodes "continue after trial number n" as an opaque cursor. */
export function encodeCursor(afterNumber: number): string {
  return Buffer.from(JSON.stringify({ after: afterNumber })).toString('base64url');
}

/** Decodes a cursor of encodeCursor; throws a 400-class DomainError naming `cursor` otherwise. */
export function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'number' && Number.isInteger(parsed.after) && parsed.after >= -1) return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_request', 'cursor is not one this server handed out', 'cursor');
}

/**
 * One page of `studies` (oldest first): `limit` studies after the one `cursor` names. The cursor
 * holds that study's id and creation time, so a page stays right when the study it names was
 * deleted meanwhile (the page then starts at the first study created after it).
 */
export function studyPage<S extends { id: string; created_at: string }>(studies: S[], limit: number, cursor?: string): { studies: S[]; next_cursor: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const after = decodeStudyCursor(cursor);
    const index = studies.findIndex((s) => s.id === after.id);
    start = index >= 0 ? index + 1 : studies.findIndex((s) => s.created_at > after.at);
    if (start < 0) start = studies.length;
  }
  const page = studies.slice(start, start + limit);
  const last = page[page.length - 1];
  const more = start + limit < studies.length && last !== undefined;
  return { studies: page, next_cursor: more ? Buffer.from(JSON.stringify({ id: last.id, at: last.created_at })).toString('base64url') : null };
}

function decodeStudyCursor(cursor: string): { id: string; at: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown; at?: unknown };
    if (typeof parsed.id === 'string' && typeof parsed.at === 'string') return { id: parsed.id, at: parsed.at };
  } catch {
    // fall through to the error below
  }
  throw new DomainError('invalid_request', 'cursor is not one this server handed out', 'cursor');
}
