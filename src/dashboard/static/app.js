// The dashboard's controller: study list, selected study, live refresh every few seconds.
import { apiDownload, apiGet, getToken, setToken, studiesPath, studyPath } from './api.js';
import { chooseCurves } from './curves-choice.js';
import { TrialDetail } from './detail.js';
import { wireEnqueue } from './enqueue.js';
import { StudyNotes } from './notes.js';
import { ParallelSelection } from './parallel-selection.js';
import { constraintText, hasNamedMetrics, objectiveSpec, trialsForObjective } from './objectives.js';
import { ParamPicker } from './param-picker.js';
import { showEmpty } from './plot-common.js';
import { ModelFeed } from './model-feed.js';
import { IMPORTANCE_METHOD, plotContour, plotImportances, weightedImportances } from './plots-model.js';
import { plotHypervolume, plotPareto } from './plots-pareto.js';
import { plotParallel, plotSlices } from './plots-params.js';
import { bestTrial, plotCurves, plotEdf, plotHistory, plotTimeline } from './plots-progress.js';
import { TrialStore } from './trial-store.js';
import { TrialTable } from './table.js';

const REFRESH_MS = 3000;
// /model reuses the study's kept GP fit on the sampler threads (503 model_busy while a fit runs,
// then the last model stays up, marked stale): ask again at most this often (3x for big studies).
const MODEL_REFRESH_MS = 10000;
const BIG_STUDY = 2000;
const BIG_STUDY_REDRAW_MS = 15000;
const $ = (id) => document.getElementById(id);

const state = { studies: [], study: null, spec: null, metric: 'value', store: null, plotsDirty: false, plotsAt: 0, busy: false, picked: [] };
const detail = new TrialDetail(document, () => tick());
const openTrial = (trial) => detail.open(state.study.id, trial);
const table = new TrialTable(document, { onOpen: openTrial, onPick: (numbers) => { state.picked = numbers; drawCurves(); } });
const picker = new ParamPicker(document, () => drawParamPlots());
const selection = new ParallelSelection(document, openTrial);
const notes = new StudyNotes(document, (error) => showError(error));
const model = new ModelFeed(() => tick());

function showError(error) {
  $('error').textContent = error ? `${error.code ? `${error.code}: ` : ''}${error.message}` : '';
  $('error').hidden = !error;
}

function renderStudyList() {
  const list = $('study-list');
  list.replaceChildren(...state.studies.map((s) => {
    const li = document.createElement('li');
    li.dataset.id = s.id;
    li.classList.toggle('selected', state.study !== null && s.id === state.study.id);
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = s.name;
    const sub = document.createElement('span');
    sub.className = 'sub';
    const total = Object.values(s.trial_counts).reduce((a, b) => a + b, 0);
    const objectives = Array.isArray(s.objectives) ? s.objectives.length : 1;
    sub.textContent = `${total} trials · ${objectives > 1 ? `${objectives} objectives` : `best ${s.best_value === null ? '–' : Number(s.best_value.toPrecision(5))}`}`;
    li.append(name, sub);
    li.addEventListener('click', () => selectStudy(s.id));
    return li;
  }));
  $('study-list-empty').hidden = state.studies.length > 0;
}

/** `minimize`, or for named metrics `val_loss (minimize), latency_ms (minimize) · feasible when memory_mb ≤ 512`. */
function objectivesText(spec) {
  if (!hasNamedMetrics(spec)) return spec.objectives[0].direction;
  const objectives = spec.objectives.map((o) => `${o.name} (${o.direction})`).join(', ');
  return spec.constraints.length === 0 ? objectives : `${objectives} · feasible when ${spec.constraints.map(constraintText).join(', ')}`;
}

function renderSummary(study) {
  $('study-name').textContent = study.name;
  $('study-meta').textContent = `${objectivesText(state.spec)} · sampler ${study.sampler.type} · pruner ${study.pruner.type} · id ${study.id}`;
  $('study-counts').replaceChildren(...Object.entries(study.trial_counts).map(([name, count]) => {
    const span = document.createElement('span');
    span.className = `state-${name}`;
    span.textContent = `${name} ${count}`;
    return span;
  }));
  const active = study.trial_counts.RUNNING + study.trial_counts.WAITING > 0;
  $('live').classList.toggle('on', active);
}

function numericParams(study) {
  return Object.keys(study.space).filter((name) => study.space[name].type !== 'categorical');
}

function fillAxisSelects(study) {
  const names = numericParams(study);
  ['contour-x', 'contour-y'].forEach((id, index) => {
    const select = $(id);
    select.replaceChildren(...names.map((name) => new Option(name, name)));
    if (names[index]) select.value = names[index];
  });
}

function axes() {
  const x = $('contour-x').value;
  const y = $('contour-y').value;
  return x && y && x !== y ? { x, y } : {};
}

/**
 * Asks for the model when due (see ModelFeed) and draws it when a new one came. The trial plots stay
 * useful without a model: a failure says so where the model plots would be, unless the server was
 * busy and a model is kept, which stays drawn with its stale mark.
 */
async function updateModel(force) {
  const store = state.store;
  const intervalMs = (store.trials.length > BIG_STUDY ? 3 : 1) * MODEL_REFRESH_MS;
  try {
    if (await model.refresh(state.study.id, axes(), store.trials, { force, intervalMs, isCurrent: () => store === state.store })) drawModel();
  } catch (error) {
    for (const id of ['plot-contour', 'plot-importance']) showEmpty($(id), `model unavailable: ${error.message}`);
  }
  showModelAge();
}

/** Marks both model plots stale with the kept model's age, or unmarks them. */
function showModelAge() {
  const text = model.staleText(Date.now());
  for (const id of ['contour-stale', 'importance-stale']) {
    $(id).textContent = text;
    $(id).hidden = text === '';
  }
}

function drawModel() {
  plotContour($('plot-contour'), model.model, state.store.trials, state.study, model.axes);
  const rows = weightedImportances(model.model, state.store.trials, state.study);
  plotImportances($('plot-importance'), rows, model.model);
  picker.setRanking(rows.map((r) => r[0]));
  $('importance-method').textContent = rows.length > 0 ? `— ${IMPORTANCE_METHOD}` : '';
  listenForClicks(['plot-contour']);
}

/**
 * What the single-objective plots draw: the trials with `value` set to the chosen objective (the
 * trials as they are with one objective), that objective's direction, and its axis label.
 */
function objectiveView() {
  const objective = state.spec.objectives.find((o) => o.name === state.metric) ?? state.spec.objectives[0];
  const multi = state.spec.objectives.length > 1;
  return { trials: trialsForObjective(state.spec, state.store.trials, objective.name), direction: objective.direction, label: multi ? objective.name : 'objective' };
}

function drawParamPlots() {
  const names = picker.selected();
  const view = objectiveView();
  plotParallel($('plot-parallel'), view.trials, { ...state.study, direction: view.direction }, names);
  showSelection();
  listenOnPlot($('plot-parallel'), 'plotly_restyle', showSelection);
  plotSlices($('plot-slice'), view.trials, state.study, names, view.label);
}

function drawCurves() {
  const { chosen, note } = chooseCurves(state.store.trials, $('curves-mode').value, state.picked, state.study.direction);
  $('curves-info').textContent = note;
  plotCurves($('plot-curves'), chosen);
}

function drawHistory() {
  const view = objectiveView();
  const best = bestTrial(view.trials, view.direction);
  $('history-best').textContent = best ? `— best ${state.spec.constraints.length > 0 ? 'feasible ' : ''}${Number(best.value.toPrecision(6))} (trial #${best.number})` : '';
  const note = plotHistory($('plot-history'), view.trials, view.direction, { log: $('history-log').checked, label: view.label });
  if (note) $('history-best').textContent += ` · ${note}`;
}

/** The Pareto-front and hypervolume plots, shown for studies with several objectives only. */
function drawObjectivePlots() {
  const multi = state.spec.objectives.length > 1;
  for (const id of ['pareto-figure', 'hypervolume-figure', 'objective-choice']) $(id).hidden = !multi;
  if (!multi) return;
  $('pareto-note').textContent = plotPareto($('plot-pareto'), state.spec, state.store.trials);
  $('hypervolume-note').textContent = plotHypervolume($('plot-hypervolume'), state.spec, state.store.trials);
  listenForClicks(['plot-pareto', 'plot-hypervolume']);
}

function drawPlots() {
  const { trials } = state.store;
  const view = objectiveView();
  drawObjectivePlots();
  drawHistory();
  plotEdf($('plot-edf'), view.trials, view.direction);
  drawParamPlots();
  drawCurves();
  plotTimeline($('plot-timeline'), trials);
  listenForClicks(['plot-history', 'plot-edf', 'plot-slice', 'plot-curves', 'plot-timeline']);
  Object.assign(state, { plotsDirty: false, plotsAt: Date.now() });
}

/** Attaches `handler` to a drawn plot's Plotly `event` once per drawing (showEmpty's purge drops it). */
function listenOnPlot(el, event, handler) {
  if (el.dataset.listening === 'on' || typeof el.on !== 'function') return;
  el.dataset.listening = 'on';
  el.on(event, handler);
}

/** A click on a point whose customdata is a trial number opens that trial's details. */
function listenForClicks(ids) {
  for (const id of ids) {
    listenOnPlot($(id), 'plotly_click', (event) => {
      const number = event.points?.[0]?.customdata;
      const trial = state.store.trials.find((t) => t.number === number);
      if (trial) openTrial(trial);
    });
  }
}

/** Lists the trials inside the parallel-coordinates brush (after a draw and after each brushing). */
function showSelection() {
  const view = objectiveView();
  selection.show($('plot-parallel'), view.trials, { ...state.study, direction: view.direction }, picker.selected());
}

/**
 * Redraws after a change: the table at once, the plots at once for small studies and at most every
 * 15 s for big ones (redrawing thousands of points every few seconds would make the page sluggish).
 */
function drawTrials(changed, force) {
  if (changed || force) table.setTrials(state.store.trials);
  state.plotsDirty = state.plotsDirty || changed;
  const big = state.store.trials.length > BIG_STUDY;
  if (force || (state.plotsDirty && (!big || Date.now() - state.plotsAt > BIG_STUDY_REDRAW_MS))) drawPlots();
}

async function refreshStudy(force) {
  const store = state.store;
  const summary = state.studies.find((s) => s.id === store.studyId);
  if (!summary) {
    $('study').hidden = true;
    return;
  }
  state.study = { ...summary, objectives: state.spec.objectives, constraints: state.spec.constraints };
  renderSummary(state.study);
  const changed = await store.refresh();
  if (store !== state.store) return;
  drawTrials(changed, force);
  document.body.dataset.loadedStudy = store.studyId;
  await updateModel(force);
}

async function refreshAll(force = false) {
  const { studies } = await apiGet(studiesPath);
  state.studies = studies;
  renderStudyList();
  if (!state.store && studies.length > 0) await selectStudy(studies[0].id);
  else if (state.store) await refreshStudy(force);
}

/** Lists the study's objectives in the objective picker (first one chosen). */
function fillObjectivePick(spec) {
  $('objective-pick').replaceChildren(...spec.objectives.map((o) => new Option(`${o.name} (${o.direction})`, o.name)));
  state.metric = spec.objectives[0].name;
}

async function selectStudy(id) {
  const listed = state.studies.find((s) => s.id === id);
  if (!listed) return;
  // The objectives and constraints come with the study resource (the list may leave them out).
  const summary = Array.isArray(listed.objectives) ? listed : { ...listed, ...(await apiGet(studyPath(id))), trial_counts: listed.trial_counts };
  const spec = objectiveSpec(summary);
  Object.assign(state, { study: summary, spec, store: new TrialStore(id), picked: [] });
  model.reset();
  fillObjectivePick(spec);
  table.picked.clear();
  history.replaceState(null, '', `#study=${encodeURIComponent(id)}`);
  $('study').hidden = false;
  fillAxisSelects(summary);
  picker.setStudy(summary);
  table.setStudy(summary, spec);
  renderStudyList();
  await guarded(() => Promise.all([refreshStudy(true), notes.load(id)]));
}

async function guarded(work) {
  try {
    await work();
    showError(null);
  } catch (error) {
    showError(error);
  }
}

async function tick() {
  if (state.busy) return;
  state.busy = true;
  await guarded(() => refreshAll());
  state.busy = false;
}

/** Moves a `?token=` the page was opened with into sessionStorage and out of the address bar. */
function adoptTokenFromUrl() {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (token === null) return;
  setToken(token);
  params.delete('token');
  const search = params.toString();
  history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
}

function wireControls() {
  adoptTokenFromUrl();
  $('token').value = getToken();
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    setToken($('token').value.trim());
    tick();
  });
  for (const id of ['contour-x', 'contour-y']) {
    $(id).addEventListener('change', () => updateModel(true));
  }
  $('history-log').addEventListener('change', () => drawHistory());
  $('objective-pick').addEventListener('change', () => {
    state.metric = $('objective-pick').value;
    drawPlots();
  });
  $('curves-mode').addEventListener('change', () => drawCurves());
  wireEnqueue(document, () => state.study.id, () => tick());
  for (const format of ['csv', 'json']) {
    $(`export-${format}`).addEventListener('click', () => guarded(() =>
      apiDownload(`${studyPath(state.study.id)}/export`, { format }, `${state.study.name}.${format}`)));
  }
}

async function start() {
  wireControls();
  const wanted = new URLSearchParams(location.hash.slice(1)).get('study');
  state.busy = true;
  await guarded(async () => {
    const { studies } = await apiGet(studiesPath);
    state.studies = studies;
    renderStudyList();
    const first = studies.find((s) => s.id === wanted) ?? studies[0];
    if (first) await selectStudy(first.id);
  });
  state.busy = false;
  setInterval(tick, REFRESH_MS);
}

start();
