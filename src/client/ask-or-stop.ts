import type { ApiTrial } from '../api/types';
import type { StudyClient } from './study-client';

/**
 * Asks for one trial as `clientId`; null once the study has nothing left to suggest (an exhausted
 * grid: 409 grid_exhausted, logged through `log`). Any other error is thrown. The one ask step of
 * the worker loops of `baytune run` and `baytune agent`.
 */
export async function askOrStop(client: StudyClient, studyId: string, clientId: string, log: (message: string) => void): Promise<ApiTrial | null> {
  try {
    const [trial] = await client.ask(studyId, { client_id: clientId });
    return trial ?? null;
  } catch (error) {
    if ((error as { code?: string }).code !== 'grid_exhausted') throw error;
    log(`no more trials to run: ${(error as Error).message}`);
    return null;
  }
}
