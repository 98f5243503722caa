import { LruCache } from '../core/lru-cache';
import type { Study } from '../domain/study';

const MAX_STUDIES = 1000;

/**
 * Studies by id for the ask path. A study's configuration never changes after creation, so a
 * remembered copy stays right until the study is deleted; a deletion by this process evicts it,
 * and one by another replica is caught by the storage, whose commitAsk refuses an unknown study.
 * Bounded to MAX_STUDIES, dropping the least recently used.
 */
export class StudyCache {
  private readonly studies = new LruCache<Study>(MAX_STUDIES);

  get(id: string): Study | undefined {
    return this.studies.get(id);
  }

  set(study: Study): void {
    this.studies.set(study.id, study);
  }

  evict(id: string): void {
    this.studies.delete(id);
  }
}
