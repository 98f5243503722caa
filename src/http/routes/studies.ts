import { Router } from 'express';
import type { AddTrialRequest, AskRequest, CreateStudyRequest, ListTrialsQuery, PutNotesRequest, ReportRequest, TellRequest, UserAttrsPatch } from '../../api/types';
import { DomainError } from '../../domain/errors';
import type { TrialState } from '../../domain/trial';
import type { StudyService } from '../../service/study-service';
import { sendJson } from '../send-json';
import type { RequestValidator } from '../validation';
import { sendTrialList } from './trial-list';

/**
 * The /api/v1/studies routes: each validates its request from openapi.yaml, calls one
 * StudyService method and writes its answer. Errors go to the app's problem handler.
 */
export function studiesRouter(service: StudyService, validator: RequestValidator): Router {
  const r = Router();
  const v = (id: string) => validator.middleware(id);
  const ids = (req: { params: Record<string, string | string[]> }) => ({ study: String(req.params.studyId), trial: String(req.params.trialId) });

  // NOTE: ask and tell first: the router tries routes in order, and they are most of the traffic.
  r.post('/:studyId/ask', v('ask'), async (req, res) => {
    sendJson(res, { trials: await service.ask(ids(req).study, req.body as AskRequest, { receivedAt: res.locals.receivedAt as number | undefined }) });
  });
  r.post('/:studyId/trials/:trialId/tell', v('tell'), async (req, res) => {
    sendJson(res, await service.tell(ids(req).study, ids(req).trial, req.body as TellRequest));
  });
  r.get('/', v('listStudies'), async (req, res) => {
    const q = req.validated ?? {};
    res.json(await service.listStudyPage({ limit: typeof q.limit === 'number' ? q.limit : undefined, cursor: typeof q.cursor === 'string' ? q.cursor : undefined }));
  });
  r.post('/', v('createStudy'), async (req, res) => {
    const { study, created } = await service.openStudy(req.body as CreateStudyRequest);
    res.status(created ? 201 : 200).json(study);
  });
  r.get('/:studyId', v('getStudy'), async (req, res) => {
    res.json(await service.getStudy(ids(req).study));
  });
  r.patch('/:studyId', v('patchStudy'), async (req, res) => {
    res.json(await service.patchStudy(ids(req).study, req.body as UserAttrsPatch));
  });
  r.get('/:studyId/notes', v('getNotes'), async (req, res) => {
    res.json(await service.getNotes(ids(req).study));
  });
  r.put('/:studyId/notes', v('putNotes'), async (req, res) => {
    res.json(await service.putNotes(ids(req).study, req.body as PutNotesRequest));
  });
  r.delete('/:studyId', v('deleteStudy'), async (req, res) => {
    await service.deleteStudy(ids(req).study);
    res.status(204).end();
  });
  r.get('/:studyId/trials', v('listTrials'), async (req, res) => {
    await sendTrialList(res, service, ids(req).study, listQuery(req.validated ?? {}));
  });
  r.post('/:studyId/trials', v('addTrial'), async (req, res) => {
    res.status(201).json(await service.addTrial(ids(req).study, req.body as AddTrialRequest));
  });
  r.get('/:studyId/trials/:trialId', v('getTrial'), async (req, res) => {
    res.json(await service.getTrial(ids(req).study, ids(req).trial));
  });
  r.patch('/:studyId/trials/:trialId', v('patchTrial'), async (req, res) => {
    res.json(await service.patchTrial(ids(req).study, ids(req).trial, req.body as UserAttrsPatch));
  });
  r.post('/:studyId/trials/:trialId/report', v('report'), async (req, res) => {
    res.json({ should_prune: await service.report(ids(req).study, ids(req).trial, req.body as ReportRequest) });
  });
  r.post('/:studyId/trials/:trialId/heartbeat', v('heartbeat'), async (req, res) => {
    res.json(await service.heartbeat(ids(req).study, ids(req).trial));
  });
  r.get('/:studyId/best', v('bestTrial'), async (req, res) => {
    const best = await service.best(ids(req).study);
    if (!best) throw new DomainError('no_complete_trial', 'the study has no COMPLETE trial yet', 'studyId');
    res.json(best);
  });
  r.get('/:studyId/pareto', v('paretoFront'), async (req, res) => {
    res.json({ trials: await service.pareto(ids(req).study) });
  });
  return r;
}

function listQuery(q: Record<string, unknown>): ListTrialsQuery {
  return {
    state: typeof q.state === 'string' ? (q.state.split(',') as TrialState[]) : undefined,
    limit: typeof q.limit === 'number' ? q.limit : undefined,
    cursor: typeof q.cursor === 'string' ? q.cursor : undefined,
  };
}
