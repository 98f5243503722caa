import type { ApiTrial, ListTrialsQuery } from '../api/types';
import { cursorPages } from '../domain/paging';
import type { StudyClient } from './study-client';

/**
 * Every trial of a study matching `query.state`, in number order, fetched page by page
 * (`pageSize` per request, default 500) so at most one page is held at a time.
 */
export async function* allTrials(
  client: StudyClient,
  studyId: string,
  query: Omit<ListTrialsQuery, 'cursor' | 'limit'> = {},
  pageSize = 500,
): AsyncGenerator<ApiTrial> {
  for await (const page of cursorPages((cursor) => client.listTrials(studyId, { ...query, limit: pageSize, cursor }))) yield* page.trials;
}
