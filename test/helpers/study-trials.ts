import type { ApiTrial } from '../../src/api/types';
import { openStudies } from '../../src/index';

/** Every trial (up to 500) of the study named `name` in the storage `db` (a SQLite file), in number order; throws when there is no such study. */
export async function trialsOf(db: string, name: string): Promise<ApiTrial[]> {
  const client = await openStudies({ storage: db });
  try {
    const study = (await client.listStudies()).find((s) => s.name === name);
    if (!study) throw new Error(`no study ${name} in ${db}`);
    return (await client.listTrials(study.id, { limit: 500 })).trials;
  } finally {
    await client.close();
  }
}
