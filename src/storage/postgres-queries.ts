import type { QueryConfig } from 'pg';

/** A trial's value where it counts for the best value: NULL when stored infeasible. */
const FEASIBLE_VALUE = 'CASE WHEN feasible IS DISTINCT FROM 0 THEN value END';

const TRIAL_COLUMNS = [
  'id', 'study_id', 'number', 'state', 'params', 'value', 'metric_values', 'feasible', 'reason', 'fail_reason', 'user_attrs', 'client_id',
  'created_at', 'started_at', 'completed_at', 'heartbeat_at', 'lease_expires_at', 'retry_of', 'attempt',
];

/**
 * The SQL text of every statement PostgresStorage runs. Input only ever reaches them as bound
 * parameters; each is sent as a named prepared statement, parsed once per connection.
 */
const SQL = {
  insertStudy: `INSERT INTO studies (id, name, direction, space, sampler, pruner, user_attrs, lease_seconds, max_retry, created_at, objective_spec)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
  getStudy: 'SELECT * FROM studies WHERE id = $1',
  lockStudy: 'SELECT lease_seconds FROM studies WHERE id = $1 FOR UPDATE',
  listStudies: 'SELECT * FROM studies ORDER BY created_at, created_seq',
  // Best values count only trials not stored infeasible (feasible NULL or 1).
  aggregates: `SELECT study_id, state, COUNT(*) AS n, MIN(${FEASIBLE_VALUE}) AS min_value, MAX(${FEASIBLE_VALUE}) AS max_value
    FROM trials GROUP BY study_id, state`,
  aggregatesOf: `SELECT study_id, state, COUNT(*) AS n, MIN(${FEASIBLE_VALUE}) AS min_value, MAX(${FEASIBLE_VALUE}) AS max_value
    FROM trials WHERE study_id = $1 GROUP BY study_id, state`,
  deleteStudy: 'DELETE FROM studies WHERE id = $1',
  // Inserts $3 rows given as JSON objects keyed by column ($1), their `number` fields being offsets
  // 0..n-1 from the study's next_number, which the same statement bumps by $3. That UPDATE locks
  // the study row until commit and, under READ COMMITTED, reads the newest committed counter after
  // any wait, so concurrent allocations serialise and never overlap. No row when the study is gone.
  insertTrials: `WITH alloc AS (
      UPDATE studies SET next_number = next_number + $3::integer WHERE id = $2 RETURNING next_number - $3::integer AS first)
    INSERT INTO trials (${TRIAL_COLUMNS.join(', ')})
    SELECT ${TRIAL_COLUMNS.map((c) => (c === 'number' ? 'alloc.first + r.number' : `r.${c}`)).join(', ')}
    FROM json_populate_recordset(NULL::trials, $1) AS r CROSS JOIN alloc
    RETURNING id, number`,
  attemptOf: 'SELECT attempt FROM trials WHERE id = $1',
  getTrial: 'SELECT * FROM trials WHERE id = $1 AND study_id = $2',
  lockTrial: 'SELECT * FROM trials WHERE id = $1 AND study_id = $2 FOR UPDATE',
  valuesOfTrials: 'SELECT trial_id, step, value FROM intermediate_values WHERE trial_id = ANY($1::text[])',
  upsertValue: `INSERT INTO intermediate_values (trial_id, step, value) VALUES ($1, $2, $3)
    ON CONFLICT (trial_id, step) DO UPDATE SET value = excluded.value`,
  // See COMMIT_ASK_FUNCTION_V3 in postgres-commit-ask.ts.
  commitAsk: 'SELECT baytune_commit_ask($1, $2, $3, $4, $5, $6, $7, $8) AS ask',
  runningOf: "SELECT * FROM trials WHERE study_id = $1 AND state = 'RUNNING' AND client_id = $2 ORDER BY number",
  countTrials: `SELECT s.next_number AS total,
    (SELECT COUNT(*) FROM trials AS t WHERE t.study_id = s.id AND t.state = 'WAITING') AS waiting
    FROM studies AS s WHERE s.id = $1`,
  page: 'SELECT * FROM trials WHERE study_id = $1 AND number > $2 ORDER BY number LIMIT $3',
  pageInStates: 'SELECT * FROM trials WHERE study_id = $1 AND number > $2 AND state = ANY($3::text[]) ORDER BY number LIMIT $4',
  bestMin: `SELECT * FROM trials WHERE study_id = $1 AND state = 'COMPLETE' AND value IS NOT NULL AND feasible IS DISTINCT FROM 0
    ORDER BY value ASC, number ASC LIMIT 1`,
  bestMax: `SELECT * FROM trials WHERE study_id = $1 AND state = 'COMPLETE' AND value IS NOT NULL AND feasible IS DISTINCT FROM 0
    ORDER BY value DESC, number ASC LIMIT 1`,
  // A PRUNED trial told without a value keeps the value reported at its highest step.
  finish: `UPDATE trials SET state = $3, fail_reason = $5, user_attrs = COALESCE($6, user_attrs), completed_at = $7,
    metric_values = $8, feasible = $9::smallint,
    value = COALESCE($4::double precision, CASE WHEN $3 = 'PRUNED' THEN
      (SELECT iv.value FROM intermediate_values iv WHERE iv.trial_id = trials.id ORDER BY iv.step DESC LIMIT 1) END)
    WHERE id = $1 AND study_id = $2 AND state = 'RUNNING'
    RETURNING *, (SELECT COALESCE(json_agg(json_build_object('step', iv.step, 'value', iv.value)), '[]'::json)
      FROM intermediate_values AS iv WHERE iv.trial_id = trials.id) AS intermediates`,
  renewLease: `UPDATE trials SET heartbeat_at = $3, lease_expires_at = $4
    WHERE id = $1 AND study_id = $2 AND state = 'RUNNING' RETURNING *`,
  reap: `UPDATE trials AS t SET state = 'FAIL', fail_reason = $1, completed_at = $2
    FROM studies AS s WHERE s.id = t.study_id AND t.state = 'RUNNING' AND t.lease_expires_at < $2
    RETURNING t.*, s.max_retry`,
  forgetAsks: 'DELETE FROM ask_requests WHERE created_at < $1 RETURNING 1',
  ping: 'SELECT 1',
  studyByName: 'SELECT * FROM studies WHERE name = $1',
  lockStudyAttrs: 'SELECT user_attrs FROM studies WHERE id = $1 FOR UPDATE',
  setStudyAttrs: 'UPDATE studies SET user_attrs = $2 WHERE id = $1 RETURNING *',
  setTrialAttrs: 'UPDATE trials SET user_attrs = $2 WHERE id = $1 RETURNING *',
  getNotes: 'SELECT body, version, updated_at FROM study_notes WHERE study_id = $1',
  putNotes: `INSERT INTO study_notes (study_id, body, version, updated_at) VALUES ($1, $2, $3, $4)
    ON CONFLICT (study_id) DO UPDATE SET body = excluded.body, version = excluded.version, updated_at = excluded.updated_at`,
} as const;

export type PostgresQueryName = keyof typeof SQL;

/** The named prepared statement `name` with `values` bound. */
export function query(name: PostgresQueryName, values: unknown[] = []): QueryConfig {
  return { name: `baytune_${name}`, text: SQL[name], values };
}
