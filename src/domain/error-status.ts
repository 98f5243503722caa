import type { ErrorCode } from './errors';

/** The one table from error code to HTTP status. Clients switch on the code, not the status. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid_space: 400,
  invalid_sampler: 400,
  invalid_pruner: 400,
  invalid_params: 400,
  invalid_value: 400,
  invalid_objectives: 400,
  invalid_request: 400,
  unknown_field: 400,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  headers_too_large: 431,
  unauthorized: 401,
  study_not_found: 404,
  trial_not_found: 404,
  no_complete_trial: 404,
  not_found: 404,
  study_exists: 409,
  trial_state_conflict: 409,
  notes_conflict: 409,
  grid_exhausted: 409,
  multi_objective: 409,
  schema_mismatch: 500,
  storage_unavailable: 503,
  model_busy: 503,
  internal: 500,
};

/** Short titles for problem documents. */
export const ERROR_TITLE: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
