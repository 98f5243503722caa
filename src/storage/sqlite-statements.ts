import type { Database, Statement } from 'better-sqlite3';

const TRIAL_COLUMNS = [
  'id', 'study_id', 'number', 'state', 'params', 'value', 'metric_values', 'feasible', 'reason', 'fail_reason', 'user_attrs', 'client_id',
  'created_at', 'started_at', 'completed_at', 'heartbeat_at', 'lease_expires_at', 'retry_of', 'attempt',
];
const STUDY_COLUMNS = ['id', 'name', 'direction', 'objective_spec', 'space', 'sampler', 'pruner', 'user_attrs', 'lease_seconds', 'max_retry', 'created_at'];

/** A trial's value where it counts for the best value: NULL when stored infeasible. */
const FEASIBLE_VALUE = 'CASE WHEN feasible IS NOT 0 THEN value END';

const insertInto = (table: string, columns: string[]): string =>
  `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;

/** The SQL text of every statement SqliteStorage runs; input only ever reaches them as bound parameters. */
const SQL = {
  insertStudy: insertInto('studies', STUDY_COLUMNS),
  getStudy: 'SELECT * FROM studies WHERE id = ?',
  studyExists: 'SELECT 1 FROM studies WHERE id = ?',
  listStudies: 'SELECT * FROM studies ORDER BY created_at, rowid',
  // Best values count only trials not stored infeasible (feasible NULL or 1).
  aggregates: `SELECT study_id, state, COUNT(*) AS n, MIN(${FEASIBLE_VALUE}) AS min_value, MAX(${FEASIBLE_VALUE}) AS max_value
    FROM trials GROUP BY study_id, state`,
  aggregatesOf: `SELECT study_id, state, COUNT(*) AS n, MIN(${FEASIBLE_VALUE}) AS min_value, MAX(${FEASIBLE_VALUE}) AS max_value
    FROM trials WHERE study_id = ? GROUP BY study_id, state`,
  deleteStudy: 'DELETE FROM studies WHERE id = ?',
  nextNumber: 'SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = ?',
  insertTrial: insertInto('trials', TRIAL_COLUMNS),
  attemptOf: 'SELECT attempt FROM trials WHERE id = ?',
  getTrial: 'SELECT * FROM trials WHERE id = ? AND study_id = ?',
  trialsByIds: 'SELECT t.* FROM json_each(?) AS j JOIN trials AS t ON t.id = j.value ORDER BY j.key',
  valuesOfTrial: 'SELECT trial_id, step, value FROM intermediate_values WHERE trial_id = ?',
  valuesOfTrials: 'SELECT trial_id, step, value FROM intermediate_values WHERE trial_id IN (SELECT value FROM json_each(?))',
  upsertValue: `INSERT INTO intermediate_values (trial_id, step, value) VALUES (?, ?, ?)
    ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value`,
  askRequest: 'SELECT trial_ids FROM ask_requests WHERE study_id = ? AND client_id = ? AND request_key = ?',
  insertAskRequest: 'INSERT INTO ask_requests (study_id, client_id, request_key, trial_ids, created_at) VALUES (?, ?, ?, ?, ?)',
  claimWaiting: `UPDATE trials SET state = 'RUNNING', client_id = @client_id, started_at = @now, lease_expires_at = @lease
    WHERE id IN (SELECT id FROM trials WHERE study_id = @study_id AND state = 'WAITING' ORDER BY number LIMIT @count)
    RETURNING *`,
  runningOf: "SELECT * FROM trials WHERE study_id = ? AND state = 'RUNNING' AND client_id = ? ORDER BY number",
  countTrials: `SELECT (SELECT COALESCE(MAX(number), -1) + 1 FROM trials WHERE study_id = @study) AS total,
    (SELECT COUNT(*) FROM trials WHERE study_id = @study AND state = 'WAITING') AS waiting`,
  page: 'SELECT * FROM trials WHERE study_id = ? AND number > ? ORDER BY number LIMIT ?',
  pageInStates: `SELECT * FROM trials WHERE study_id = ? AND number > ?
    AND state IN (SELECT value FROM json_each(?)) ORDER BY number LIMIT ?`,
  bestMin: `SELECT * FROM trials WHERE study_id = ? AND state = 'COMPLETE' AND value IS NOT NULL AND feasible IS NOT 0
    ORDER BY value ASC, number ASC LIMIT 1`,
  bestMax: `SELECT * FROM trials WHERE study_id = ? AND state = 'COMPLETE' AND value IS NOT NULL AND feasible IS NOT 0
    ORDER BY value DESC, number ASC LIMIT 1`,
  // Compare-and-set finish; a PRUNED trial told without a value keeps the value reported at its
  // highest step (as finishedValue does for the memory storage); user_attrs NULL keeps the stored ones.
  finish: `UPDATE trials SET state = @state, fail_reason = @fail_reason, completed_at = @now,
    user_attrs = COALESCE(@user_attrs, user_attrs), metric_values = @metric_values, feasible = @feasible,
    value = COALESCE(@value, CASE WHEN @state = 'PRUNED' THEN
      (SELECT iv.value FROM intermediate_values AS iv WHERE iv.trial_id = trials.id ORDER BY iv.step DESC LIMIT 1) END)
    WHERE id = @id AND study_id = @study_id AND state = 'RUNNING' RETURNING *`,
  renewLease: "UPDATE trials SET heartbeat_at = ?, lease_expires_at = ? WHERE id = ? AND state = 'RUNNING'",
  reap: `UPDATE trials SET state = 'FAIL', fail_reason = @reason, completed_at = @now
    WHERE state = 'RUNNING' AND lease_expires_at < @now RETURNING *`,
  maxRetry: 'SELECT max_retry FROM studies WHERE id = ?',
  forgetAsks: 'DELETE FROM ask_requests WHERE created_at < ?',
  ping: 'SELECT 1',
  studyByName: 'SELECT * FROM studies WHERE name = ?',
  setStudyAttrs: 'UPDATE studies SET user_attrs = ? WHERE id = ?',
  setTrialAttrs: 'UPDATE trials SET user_attrs = ? WHERE id = ?',
  getNotes: 'SELECT body, version, updated_at FROM study_notes WHERE study_id = ?',
  putNotes: `INSERT INTO study_notes (study_id, body, version, updated_at) VALUES (@id, @body, @version, @now)
    ON CONFLICT (study_id) DO UPDATE SET body = excluded.body, version = excluded.version, updated_at = excluded.updated_at`,
} as const;

/** Every statement of SqliteStorage, prepared once per connection. */
export type SqliteStatements = { [K in keyof typeof SQL]: Statement<unknown[]> };

/** Statements that answer one column; they return that value instead of a row. */
const PLUCKED: ReadonlySet<string> = new Set(['studyExists', 'nextNumber', 'attemptOf', 'askRequest', 'maxRetry', 'ping']);

/** Prepares all statements on `db` (the schema must be current). */
export function prepareStatements(db: Database): SqliteStatements {
  const prepared = Object.entries(SQL).map(([key, sql]) => [key, PLUCKED.has(key) ? db.prepare(sql).pluck() : db.prepare(sql)]);
  return Object.fromEntries(prepared) as SqliteStatements;
}
