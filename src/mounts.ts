import type { Router } from 'express';
import { dashboardRouter } from './dashboard/mount';
import { exportRouter } from './http/routes/export';
import { modelRouter } from './http/routes/model';
import type { StudyService } from './service/study-service';

/** Routers mounted beside the API: the dashboard (open: its files hold no data) and study-level extras behind the API's auth. */
export function extraMounts(service: StudyService): { path: string; router: Router; open?: boolean }[] {
  return [
    { path: '/dashboard', router: dashboardRouter(), open: true },
    { path: '/api/v1/studies', router: exportRouter(service) },
    { path: '/api/v1/studies', router: modelRouter(service) },
  ];
}
