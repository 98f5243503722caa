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
