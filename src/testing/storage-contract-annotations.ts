/// <reference types="jest" />
import type { Storage } from '../storage/port';
import { newStudy } from './storage-contract';

const T0 = Date.UTC(2026, 0, 1);

/** Contract of the storage methods for names, user-attribute patches and study notes (issue 14). */
export function describeAnnotations(get: () => Storage): void {
  test('findStudyByName finds exactly that name and nothing after delete', async () => {
    const s = await get().createStudy(newStudy('by-name ü'), T0);
    expect((await get().findStudyByName('by-name ü'))?.id).toBe(s.id);
    expect(await get().findStudyByName('by-name')).toBeNull();
    await get().deleteStudy(s.id);
    expect(await get().findStudyByName('by-name ü')).toBeNull();
  });

  test('a user-attribute patch merges, removes keys given as null, keeps order, and survives a reload', async () => {
    const s = await get().createStudy(newStudy('attrs', { user_attrs: { a: 1, b: 2, c: 3 } }), T0);
    const patched = await get().patchStudyUserAttrs(s.id, { b: null, a: 'x', d: { nested: [1] }, __proto__x: 1 });
    expect(patched?.user_attrs).toEqual({ a: 'x', c: 3, d: { nested: [1] }, __proto__x: 1 });
    expect(Object.keys((await get().getStudy(s.id))?.user_attrs ?? {})).toEqual(['a', 'c', 'd', '__proto__x']);
    expect(await get().patchStudyUserAttrs('no-such-study', { a: 1 })).toBeNull();
  });

  test('trial user attributes can be patched in any state; the trial is otherwise unchanged', async () => {
    const s = await get().createStudy(newStudy('trial-attrs'), T0);
    const [t] = await get().addTrials(s.id, [{ state: 'COMPLETE', params: { z_last: 0.5, a_first: 'adam' }, value: 2, user_attrs: { k: 1 } }], T0);
    const patched = await get().patchTrialUserAttrs(s.id, t!.id, { note: 'outlier', k: null });
    expect(patched).toMatchObject({ state: 'COMPLETE', value: 2, number: 0, user_attrs: { note: 'outlier' } });
    expect((await get().getTrial(s.id, t!.id))?.user_attrs).toEqual({ note: 'outlier' });
    expect(await get().patchTrialUserAttrs('other-study', t!.id, { a: 1 })).toBeNull();
  });

  test('study notes are versioned compare-and-set writes and go with their study', async () => {
    const s = await get().createStudy(newStudy('notes'), T0);
    expect(await get().getStudyNotes(s.id)).toEqual({ body: '', version: 0, updated_at: null });
    const first = await get().putStudyNotes(s.id, '# Notes\nlr too high', 0, T0 + 5);
    expect(first).toEqual({ applied: true, notes: { body: '# Notes\nlr too high', version: 1, updated_at: T0 + 5 } });
    const stale = await get().putStudyNotes(s.id, 'other editor', 0, T0 + 6);
    expect(stale).toEqual({ applied: false, notes: first!.notes });
    const second = await get().putStudyNotes(s.id, 'v2 ✓', 1, T0 + 7);
    expect(second?.notes).toEqual({ body: 'v2 ✓', version: 2, updated_at: T0 + 7 });
    expect(await get().getStudyNotes(s.id)).toEqual(second?.notes);
    await get().deleteStudy(s.id);
    expect(await get().getStudyNotes(s.id)).toBeNull();
    expect(await get().putStudyNotes(s.id, 'x', 2, T0)).toBeNull();
  });
}
