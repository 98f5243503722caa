import type { Router } from 'express';
import { dashboardRouter } from './dashboard/mount';
import { exportRouter } from './http/routes/export';
import { modelRouter } from './http/routes/model';
import type { StudyService } from './service/study-service';

/** Routers mounted beside the API behind the same auth: the dashboard and study-level extras. */
export function extraMounts(service: StudyService): { path: string; router: Router }[] {
  return [
    { path: '/dashboard', router: dashboardRouter() },
    { path: '/api/v1/studies', router: exportRouter(service) },
    { path: '/api/v1/studies', router: modelRouter(service) },
  ];
}
