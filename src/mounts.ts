import type { Router } from 'express';
import type { StudyService } from './service/study-service';

/** Routers mounted beside the API behind the same auth: the dashboard and study-level extras. */
export function extraMounts(_service: StudyService): { path: string; router: Router }[] {
  return [];
}
