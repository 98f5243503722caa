import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { allTrials } from '../../src/client/all-trials';
import { HttpStudyClient } from '../../src/client/http-client';
import { startTestServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);
const CLIENT_DIR = resolve(__dirname, '../../clients/python');

describe('Python client (stdlib only) against a live server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ BAYTUNE_TOKEN: 'py-token' });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('example.py tunes the logistic regression to completion, and a second run continues the study', async () => {
    for (let runNumber = 0; runNumber < 2; runNumber++) {
      const { stdout } = await run('python3', [resolve(CLIENT_DIR, 'example.py'), '--url', server.url, '--trials', '10', '--name', 'py-logreg'], {
        env: { ...process.env, BAYTUNE_TOKEN: 'py-token' },
        timeout: 120_000,
      });
      expect(stdout).toContain('best validation log-loss');
    }
    const client = new HttpStudyClient({ url: server.url, token: 'py-token' });
    const study = (await client.listStudies()).find((s) => s.name === 'py-logreg')!;
    const finished = study.trial_counts.COMPLETE + study.trial_counts.PRUNED + study.trial_counts.FAIL;
    expect({ finished, running: study.trial_counts.RUNNING }).toEqual({ finished: 20, running: 0 });
    // NOTE: ln 2 = 0.693 is the log-loss of always answering 1/2: the best trial must have learned something.
    expect(study.best_value!).toBeLessThan(0.6);
    for await (const t of allTrials(client, study.id, { state: ['COMPLETE'] })) expect(t.intermediate_values.length).toBe(8);
  });

  it('raises BaytuneError with the problem code, status and field; pages through trials', async () => {
    const script = `
import sys
sys.path.insert(0, ${JSON.stringify(CLIENT_DIR)})
from baytune_client import BaytuneClient, BaytuneError
c = BaytuneClient(sys.argv[1], token="py-token")
s = c.create_study("py-errors", {"x": {"type": "float", "low": 0, "high": 1}})
for i in range(7):
    c.add_trial(s["id"], {"x": i / 10}, value=i)
print("numbers", [t["number"] for t in c.trials(s["id"], page_size=3)])
print("best", c.best(s["id"])["value"])
t = c.ask(s["id"])[0]
try:
    c.tell(s["id"], t["id"], value=float("nan"))
except BaytuneError as e:
    print("nan", e.code, e.status, e.field)
print("heartbeat", c.heartbeat(s["id"], t["id"])["state"])
print("told", c.tell(s["id"], t["id"], state="FAIL", reason="oom")["fail_reason"])
c.delete_study(s["id"])
print("studies", [x["name"] for x in c.list_studies()].count("py-errors"))
try:
    c.get_study("missing")
except BaytuneError as e:
    print("missing", e.code, e.status)
try:
    BaytuneClient(sys.argv[1]).list_studies()
except BaytuneError as e:
    print("anonymous", e.code, e.status)
`;
    const { stdout } = await run('python3', ['-c', script, server.url], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual([
      'numbers [0, 1, 2, 3, 4, 5, 6]',
      'best 0',
      'nan invalid_value 400 value',
      'heartbeat RUNNING',
      'told oom',
      'studies 0',
      'missing study_not_found 404',
      'anonymous unauthorized 401',
    ]);
  });

  it('addresses studies by name and trials by number, loads existing studies, patches attributes and notes', async () => {
    const script = `
import sys
sys.path.insert(0, ${JSON.stringify(CLIENT_DIR)})
from baytune_client import BaytuneClient, BaytuneError
c = BaytuneClient(sys.argv[1], token="py-token")
space = {"x": {"type": "float", "low": 0, "high": 1}, "n": {"type": "int", "low": 1, "high": 4}}
a = c.create_study("py names/ü", space, load_if_exists=True)
print("same", c.create_study("py names/ü", space, load_if_exists=True)["id"] == a["id"])
try:
    c.create_study("py names/ü", space, direction="maximize", load_if_exists=True)
except BaytuneError as e:
    print("differs", e.code, e.status, e.details["differences"])
t = c.ask("py names/ü")[0]
print("told", c.tell("py names/ü", t["number"], value=0.5)["id"] == t["id"])
print("trial attrs", c.patch_trial("py names/ü", 0, {"note": "ok"})["user_attrs"])
print("study attrs", c.patch_study("py names/ü", {"owner": "py"})["user_attrs"])
print("partial", sorted(c.add_trial("py names/ü", {"x": 0.25})["params"]))
n = c.put_notes("py names/ü", "# plan", 0)
print("notes", c.get_notes(a["id"])["body"], n["version"])
try:
    c.put_notes("py names/ü", "stale", 0)
except BaytuneError as e:
    print("stale", e.code, e.status)
`;
    const { stdout } = await run('python3', ['-c', script, server.url], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual([
      'same True',
      "differs study_exists 409 ['direction: stored minimize, requested maximize']",
      'told True',
      "trial attrs {'note': 'ok'}",
      "study attrs {'owner': 'py'}",
      "partial ['n', 'x']",
      'notes # plan 1',
      'stale notes_conflict 409',
    ]);
  });
  it('creates a two-objective constrained study with typed objectives, tells values and reads the Pareto front', async () => {
    const script = `
import sys
sys.path.insert(0, ${JSON.stringify(CLIENT_DIR)})
from baytune_client import BaytuneClient, BaytuneError, Objective, Constraint
c = BaytuneClient(sys.argv[1], token="py-token")
space = {"x": {"type": "float", "low": 0, "high": 1}}
s = c.create_study("py-mo", space, objectives=[Objective("val_loss"), Objective("accuracy", "maximize")],
                   constraints=[Constraint("memory_mb", max=512)], sampler={"type": "random", "seed": 1})
print("objectives", [(o["name"], o["direction"]) for o in s["objectives"]], s["constraints"])
# (val_loss, accuracy, memory_mb): 0 and 1 trade off, 2 is dominated by 0, 3 is best on both but infeasible
told = [(0.2, 0.8, 100), (0.1, 0.7, 500), (0.3, 0.6, 200), (0.05, 0.9, 900)]
for v, a, m in told:
    t = c.ask(s["id"])[0]
    r = c.tell(s["id"], t["id"], values={"val_loss": v, "accuracy": a, "memory_mb": m})
    print("told", r["number"], r["feasible"], r["value"])
print("pareto", [t["number"] for t in c.pareto(s["id"])])
try:
    c.best(s["id"])
except BaytuneError as e:
    print("best", e.code, e.status)
t = c.ask(s["id"])[0]
try:
    c.tell(s["id"], t["id"], values={"val_loss": 0.1, "accuracy": 0.5})
except BaytuneError as e:
    print("missing", e.code, e.status, e.field)
try:
    c.tell(s["id"], t["id"], values={"val_loss": 0.1, "accuracy": float("inf"), "memory_mb": 1})
except BaytuneError as e:
    print("infinite", e.code, e.status, e.field)
try:
    c.create_study("py-mo-both", space, direction="minimize", objectives=[{"name": "a", "direction": "minimize"}])
except BaytuneError as e:
    print("both", e.code, e.status)
one = c.create_study("py-one", space)
t = c.ask(one["id"])[0]
print("single", c.tell(one["id"], t["id"], value=0.5)["values"], [x["number"] for x in c.pareto(one["id"])])
`;
    const { stdout } = await run('python3', ['-c', script, server.url], { timeout: 60_000 });
    expect(stdout.trim().split('\n')).toEqual([
      "objectives [('val_loss', 'minimize'), ('accuracy', 'maximize')] [{'name': 'memory_mb', 'max': 512}]",
      'told 0 True None',
      'told 1 True None',
      'told 2 True None',
      'told 3 False None',
      'pareto [0, 1]',
      'best multi_objective 409',
      'missing invalid_value 400 values.memory_mb',
      'infinite invalid_value 400 values.accuracy',
      'both invalid_objectives 400',
      "single {'value': 0.5} [0]",
    ]);
  });
});
