/**
 * baytune_commit_ask as of schema version 3: one ask in one statement (the Storage.commitAsk
 * contract). Replay a seen (client, key); else, for a keyed ask, hand back the RUNNING trials the
 * client holds (locked FOR UPDATE, so a concurrent tell or reap waits for this ask), claim WAITING
 * trials up to p_count in all (SKIP LOCKED), then insert the first drafts still needed, numbered
 * by bumping studies.next_number (which locks the study row), and remember the key. p_drafts holds
 * trial rows whose `number` is an offset 0..n-1. Returns {replayed, trials: [trial rows]}; raises
 * P0002 when the study does not exist. Running server-side keeps the study row lock free of any
 * client round trip.
 * NOTE: asks commit synchronously like every write: with this one-statement ask, turning
 * synchronous_commit off measured no faster (bench:load, 2026-11-29: 368-424 vs 384-414 pairs/s)
 * and would let a database crash lose asks already answered 200.
 */
export const COMMIT_ASK_FUNCTION_V3 = `CREATE OR REPLACE FUNCTION baytune_commit_ask(p_study TEXT, p_client TEXT, p_key TEXT,
    p_count INTEGER, p_now BIGINT, p_lease BIGINT, p_drafts JSON) RETURNS JSON LANGUAGE plpgsql AS $fn$
  DECLARE
    v_ids TEXT[] := '{}';
    v_claimed TEXT[];
    v_need INTEGER;
    v_first INTEGER;
  BEGIN
    IF p_client IS NOT NULL AND p_key IS NOT NULL THEN
      SELECT ARRAY(SELECT json_array_elements_text(a.trial_ids::json)) INTO v_ids FROM ask_requests AS a
        WHERE a.study_id = p_study AND a.client_id = p_client AND a.request_key = p_key;
      IF FOUND THEN
        RETURN json_build_object('replayed', true,
          'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
      END IF;
      v_ids := ARRAY(SELECT h.id FROM trials AS h
        WHERE h.study_id = p_study AND h.state = 'RUNNING' AND h.client_id = p_client
        ORDER BY h.number LIMIT p_count FOR UPDATE);
    END IF;
    WITH claimed AS (
      UPDATE trials SET state = 'RUNNING', client_id = p_client, started_at = p_now, lease_expires_at = p_lease
      WHERE id IN (SELECT w.id FROM trials AS w WHERE w.study_id = p_study AND w.state = 'WAITING'
        ORDER BY w.number LIMIT p_count - cardinality(v_ids) FOR UPDATE SKIP LOCKED)
      RETURNING id, number)
    SELECT COALESCE(array_agg(c.id ORDER BY c.number), '{}') INTO v_claimed FROM claimed AS c;
    v_ids := v_ids || v_claimed;
    v_need := LEAST(p_count - cardinality(v_ids), json_array_length(p_drafts));
    IF v_need > 0 THEN
      UPDATE studies SET next_number = next_number + v_need WHERE id = p_study RETURNING next_number - v_need INTO v_first;
      IF NOT FOUND THEN RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002'; END IF;
      WITH fresh AS (
        INSERT INTO trials (id, study_id, number, state, params, value, reason, fail_reason, user_attrs, client_id,
          created_at, started_at, completed_at, heartbeat_at, lease_expires_at, retry_of, attempt)
        SELECT r.id, r.study_id, v_first + r.number, r.state, r.params, r.value, r.reason, r.fail_reason, r.user_attrs,
          r.client_id, r.created_at, r.started_at, r.completed_at, r.heartbeat_at, r.lease_expires_at, r.retry_of, r.attempt
        FROM json_populate_recordset(NULL::trials, p_drafts) AS r WHERE r.number < v_need
        RETURNING id, number)
      SELECT v_ids || COALESCE(array_agg(f.id ORDER BY f.number), '{}') INTO v_ids FROM fresh AS f;
    ELSIF cardinality(v_ids) = 0 AND NOT EXISTS (SELECT 1 FROM studies WHERE id = p_study) THEN
      RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002';
    END IF;
    IF p_client IS NOT NULL AND p_key IS NOT NULL AND cardinality(v_ids) > 0 THEN
      INSERT INTO ask_requests (study_id, client_id, request_key, trial_ids, created_at)
        VALUES (p_study, p_client, p_key, array_to_json(v_ids)::text, p_now);
    END IF;
    RETURN json_build_object('replayed', false,
      'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
  END
  $fn$`;

/** SQLSTATE raised by baytune_commit_ask (version 4) when numbered drafts are stale; rolls the ask back. */
export const STALE_DRAFTS_SQLSTATE = 'BT001';

/**
 * baytune_commit_ask as of schema version 4: version 3 plus p_first, the trial number p_drafts[0]
 * was computed for (NULL: unnumbered drafts, taken from the front as before). With p_first, the
 * drafts appended are those at offset (allocated number - p_first), so the point a trial gets
 * follows the number it is given under the study row lock, whichever replica computed it; when
 * the drafts run short, the function raises STALE_DRAFTS_SQLSTATE, which undoes the claims too.
 */
export const COMMIT_ASK_FUNCTION_V4 = `CREATE FUNCTION baytune_commit_ask(p_study TEXT, p_client TEXT, p_key TEXT,
    p_count INTEGER, p_now BIGINT, p_lease BIGINT, p_drafts JSON, p_first INTEGER) RETURNS JSON LANGUAGE plpgsql AS $fn$
  DECLARE
    v_ids TEXT[] := '{}';
    v_claimed TEXT[];
    v_need INTEGER;
    v_first INTEGER;
    v_offset INTEGER := 0;
  BEGIN
    IF p_client IS NOT NULL AND p_key IS NOT NULL THEN
      SELECT ARRAY(SELECT json_array_elements_text(a.trial_ids::json)) INTO v_ids FROM ask_requests AS a
        WHERE a.study_id = p_study AND a.client_id = p_client AND a.request_key = p_key;
      IF FOUND THEN
        RETURN json_build_object('replayed', true,
          'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
      END IF;
      v_ids := ARRAY(SELECT h.id FROM trials AS h
        WHERE h.study_id = p_study AND h.state = 'RUNNING' AND h.client_id = p_client
        ORDER BY h.number LIMIT p_count FOR UPDATE);
    END IF;
    WITH claimed AS (
      UPDATE trials SET state = 'RUNNING', client_id = p_client, started_at = p_now, lease_expires_at = p_lease
      WHERE id IN (SELECT w.id FROM trials AS w WHERE w.study_id = p_study AND w.state = 'WAITING'
        ORDER BY w.number LIMIT p_count - cardinality(v_ids) FOR UPDATE SKIP LOCKED)
      RETURNING id, number)
    SELECT COALESCE(array_agg(c.id ORDER BY c.number), '{}') INTO v_claimed FROM claimed AS c;
    v_ids := v_ids || v_claimed;
    v_need := p_count - cardinality(v_ids);
    IF p_first IS NULL THEN v_need := LEAST(v_need, json_array_length(p_drafts)); END IF;
    IF v_need > 0 THEN
      UPDATE studies SET next_number = next_number + v_need WHERE id = p_study RETURNING next_number - v_need INTO v_first;
      IF NOT FOUND THEN RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002'; END IF;
      IF p_first IS NOT NULL THEN
        v_offset := v_first - p_first;
        IF v_offset < 0 OR v_offset + v_need > json_array_length(p_drafts) THEN
          RAISE EXCEPTION 'stale drafts for study %', p_study USING ERRCODE = '${STALE_DRAFTS_SQLSTATE}';
        END IF;
      END IF;
      WITH fresh AS (
        INSERT INTO trials (id, study_id, number, state, params, value, reason, fail_reason, user_attrs, client_id,
          created_at, started_at, completed_at, heartbeat_at, lease_expires_at, retry_of, attempt)
        SELECT r.id, r.study_id, v_first + r.number - v_offset, r.state, r.params, r.value, r.reason, r.fail_reason, r.user_attrs,
          r.client_id, r.created_at, r.started_at, r.completed_at, r.heartbeat_at, r.lease_expires_at, r.retry_of, r.attempt
        FROM json_populate_recordset(NULL::trials, p_drafts) AS r WHERE r.number >= v_offset AND r.number < v_offset + v_need
        RETURNING id, number)
      SELECT v_ids || COALESCE(array_agg(f.id ORDER BY f.number), '{}') INTO v_ids FROM fresh AS f;
    ELSIF cardinality(v_ids) = 0 AND NOT EXISTS (SELECT 1 FROM studies WHERE id = p_study) THEN
      RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002';
    END IF;
    IF p_client IS NOT NULL AND p_key IS NOT NULL AND cardinality(v_ids) > 0 THEN
      INSERT INTO ask_requests (study_id, client_id, request_key, trial_ids, created_at)
        VALUES (p_study, p_client, p_key, array_to_json(v_ids)::text, p_now);
    END IF;
    RETURN json_build_object('replayed', false,
      'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
  END
  $fn$`;

/**
 * baytune_commit_ask as of schema version 7: version 4, whose committed answer also says how each
 * trial came to the ask: {replayed: false, held: [ids handed back], claimed: [ids moved from
 * WAITING], trials: [trial rows]}; the trials in neither list are the appended drafts (their ids
 * are the ones the caller gave in p_drafts). A replay answers {replayed: true, trials} as before.
 */
export const COMMIT_ASK_FUNCTION_V7 = `CREATE OR REPLACE FUNCTION baytune_commit_ask(p_study TEXT, p_client TEXT, p_key TEXT,
    p_count INTEGER, p_now BIGINT, p_lease BIGINT, p_drafts JSON, p_first INTEGER) RETURNS JSON LANGUAGE plpgsql AS $fn$
  DECLARE
    v_ids TEXT[] := '{}';
    v_held TEXT[] := '{}';
    v_claimed TEXT[];
    v_need INTEGER;
    v_first INTEGER;
    v_offset INTEGER := 0;
  BEGIN
    IF p_client IS NOT NULL AND p_key IS NOT NULL THEN
      SELECT ARRAY(SELECT json_array_elements_text(a.trial_ids::json)) INTO v_ids FROM ask_requests AS a
        WHERE a.study_id = p_study AND a.client_id = p_client AND a.request_key = p_key;
      IF FOUND THEN
        RETURN json_build_object('replayed', true,
          'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
      END IF;
      v_held := ARRAY(SELECT h.id FROM trials AS h
        WHERE h.study_id = p_study AND h.state = 'RUNNING' AND h.client_id = p_client
        ORDER BY h.number LIMIT p_count FOR UPDATE);
    END IF;
    WITH claimed AS (
      UPDATE trials SET state = 'RUNNING', client_id = p_client, started_at = p_now, lease_expires_at = p_lease
      WHERE id IN (SELECT w.id FROM trials AS w WHERE w.study_id = p_study AND w.state = 'WAITING'
        ORDER BY w.number LIMIT p_count - cardinality(v_held) FOR UPDATE SKIP LOCKED)
      RETURNING id, number)
    SELECT COALESCE(array_agg(c.id ORDER BY c.number), '{}') INTO v_claimed FROM claimed AS c;
    v_ids := v_held || v_claimed;
    v_need := p_count - cardinality(v_ids);
    IF p_first IS NULL THEN v_need := LEAST(v_need, json_array_length(p_drafts)); END IF;
    IF v_need > 0 THEN
      UPDATE studies SET next_number = next_number + v_need WHERE id = p_study RETURNING next_number - v_need INTO v_first;
      IF NOT FOUND THEN RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002'; END IF;
      IF p_first IS NOT NULL THEN
        v_offset := v_first - p_first;
        IF v_offset < 0 OR v_offset + v_need > json_array_length(p_drafts) THEN
          RAISE EXCEPTION 'stale drafts for study %', p_study USING ERRCODE = '${STALE_DRAFTS_SQLSTATE}';
        END IF;
      END IF;
      WITH fresh AS (
        INSERT INTO trials (id, study_id, number, state, params, value, reason, fail_reason, user_attrs, client_id,
          created_at, started_at, completed_at, heartbeat_at, lease_expires_at, retry_of, attempt)
        SELECT r.id, r.study_id, v_first + r.number - v_offset, r.state, r.params, r.value, r.reason, r.fail_reason, r.user_attrs,
          r.client_id, r.created_at, r.started_at, r.completed_at, r.heartbeat_at, r.lease_expires_at, r.retry_of, r.attempt
        FROM json_populate_recordset(NULL::trials, p_drafts) AS r WHERE r.number >= v_offset AND r.number < v_offset + v_need
        RETURNING id, number)
      SELECT v_ids || COALESCE(array_agg(f.id ORDER BY f.number), '{}') INTO v_ids FROM fresh AS f;
    ELSIF cardinality(v_ids) = 0 AND NOT EXISTS (SELECT 1 FROM studies WHERE id = p_study) THEN
      RAISE EXCEPTION 'no study %', p_study USING ERRCODE = 'P0002';
    END IF;
    IF p_client IS NOT NULL AND p_key IS NOT NULL AND cardinality(v_ids) > 0 THEN
      INSERT INTO ask_requests (study_id, client_id, request_key, trial_ids, created_at)
        VALUES (p_study, p_client, p_key, array_to_json(v_ids)::text, p_now);
    END IF;
    RETURN json_build_object('replayed', false, 'held', array_to_json(v_held), 'claimed', array_to_json(v_claimed),
      'trials', (SELECT COALESCE(json_agg(t ORDER BY t.number), '[]') FROM trials AS t WHERE t.id = ANY (v_ids)));
  END
  $fn$`;
