import { call } from '../../helpers/server';
import { CONTINUOUS_SPACE, createStudy } from './api';

/** Names shaped like SQL injection, quoting trouble and wide unicode; they must round-trip verbatim. */
export const HOSTILE_NAMES = [
  "'); DROP TABLE trials;--",
  'Robert"); DELETE FROM studies WHERE ("1"="1',
  "x' OR '1'='1",
  '$1 $$quoted$$ \\x00 %s %d',
  '研究 🚀 naïve Ωμέγα עברית',
  'tab\tnew\nline \u202Eright-to-left',
];

/**
 * Creates one study per hostile name (with hostile categorical choices and user_attrs), runs an
 * ask/tell on each, and checks that names, choices and attrs come back byte for byte, by id and in
 * the listing, and that the tables survived.
 */
export async function hostileNamesScenario(url: string, headers: Record<string, string> = {}): Promise<void> {
  for (const name of HOSTILE_NAMES) {
    const space = { ...CONTINUOUS_SPACE, c: { type: 'categorical', choices: [name, 'plain'] } };
    const studyId = await createStudy(url, { name, space, user_attrs: { note: name }, sampler: { type: 'random', seed: 1 } }, headers);
    const study = await call(url, 'GET', `/api/v1/studies/${encodeURIComponent(studyId)}`, undefined, headers);
    expect(study.body).toMatchObject({ name, user_attrs: { note: name }, space: { c: { choices: [name, 'plain'] } } });
    const added = await call(url, 'POST', `/api/v1/studies/${studyId}/trials`, { params: { x: 0.5, y: 0, c: name }, value: 1, user_attrs: { [name]: name } }, headers);
    expect(added.status).toBe(201);
    const fetched = await call(url, 'GET', `/api/v1/studies/${studyId}/trials/${added.body.id}`, undefined, headers);
    expect(fetched.body).toMatchObject({ params: { c: name }, user_attrs: { [name]: name }, state: 'COMPLETE' });
    const asked = await call(url, 'POST', `/api/v1/studies/${studyId}/ask`, { client_id: name, request_key: name }, headers);
    expect(asked.status).toBe(200);
    expect(asked.body.trials[0].client_id).toBe(name);
    const told = await call(url, 'POST', `/api/v1/studies/${studyId}/trials/${asked.body.trials[0].id}/tell`, { value: 2, user_attrs: { why: name } }, headers);
    expect(told.body).toMatchObject({ state: 'COMPLETE', user_attrs: { why: name } });
  }
  const listed = await call(url, 'GET', '/api/v1/studies', undefined, headers);
  const names = (listed.body.studies as { name: string; trial_counts: { COMPLETE: number } }[]);
  expect(names.map((s) => s.name)).toEqual(expect.arrayContaining(HOSTILE_NAMES));
  expect(names.filter((s) => HOSTILE_NAMES.includes(s.name)).every((s) => s.trial_counts.COMPLETE === 2)).toBe(true);
  const duplicate = await call(url, 'POST', '/api/v1/studies', { name: HOSTILE_NAMES[0], direction: 'minimize', space: CONTINUOUS_SPACE }, headers);
  expect(duplicate).toMatchObject({ status: 409, body: { code: 'study_exists' } });
}
