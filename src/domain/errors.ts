/**
 * Stable error codes. The HTTP layer maps each to one status (src/domain/error-status.ts);
 * clients switch on the code, so never rename one.
 */
export type ErrorCode =
  | 'invalid_space'
  | 'invalid_sampler'
  | 'invalid_pruner'
  | 'invalid_params'
  | 'invalid_value'
  | 'invalid_objectives'
  | 'invalid_request'
  | 'unknown_field'
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'headers_too_large'
  | 'unauthorized'
  | 'study_not_found'
  | 'trial_not_found'
  | 'no_complete_trial'
  | 'not_found'
  | 'study_exists'
  | 'trial_state_conflict'
  | 'notes_conflict'
  | 'grid_exhausted'
  | 'multi_objective'
  | 'schema_mismatch'
  | 'storage_unavailable'
  | 'model_busy'
  | 'internal';

/**
 * An expected failure with a stable code and, where one input is to blame, its field path
 * (for example `space.lr.low` or `value`). `details` carries extra JSON for the client,
 * such as the current trial on a state conflict.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
