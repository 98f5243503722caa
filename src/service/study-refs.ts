import type { Study } from '../domain/study';
import type { Storage } from '../storage/port';

/**
 * The study a reference names: a study id first, else a study name (exact, case-sensitive). Ids are
 * random UUIDs, so a name that looks like a UUID reaches its study by name unless some study has
 * that very id, which then wins. null when neither matches.
 */
export async function findStudyByRef(storage: Storage, ref: string): Promise<Study | null> {
  return (await storage.getStudy(ref)) ?? (await storage.findStudyByName(ref));
}

/** Trial references of only decimal digits are trial numbers within the study (ids are UUIDs). */
const TRIAL_NUMBER = /^(0|[1-9][0-9]{0,9})$/;

/**
 * The trial id a reference names within a study: a trial number ("0", "17") or a trial id. Numbers
 * are looked up (null when the study has no such trial); anything else is returned as the id.
 */
export async function trialIdByRef(storage: Storage, studyId: string, ref: string): Promise<string | null> {
  if (!TRIAL_NUMBER.test(ref)) return ref;
  const number = Number(ref);
  const [trial] = await storage.listTrials(studyId, { after: number - 1, limit: 1 });
  return trial !== undefined && trial.number === number ? trial.id : null;
}
