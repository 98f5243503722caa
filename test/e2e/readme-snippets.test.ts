import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { HttpStudyClient } from '../../src/client/http-client';
import { startTestServer, type TestServer } from '../helpers/server';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const README_URL = 'http://127.0.0.1:8080';

/** The first fenced block of `lang` after the README heading `heading`, verbatim. */
function readmeBlock(heading: string, lang: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const match = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(section);
  if (!match?.[1]) throw new Error(`README has no ${lang} block under "${heading}"`);
  return match[1];
}

/**
 * The README's TypeScript and Python snippets, run as written (only the server URL is pointed at
 * the test server), twice in a row each: the second run continues the study (load_if_exists).
 */
describe('README snippets', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), 'baytune-readme-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'baytune'), 'dir');
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const trialsOf = async (name: string) => (await new HttpStudyClient({ url: server.url }).getStudy(name)).trial_counts;

  it('the TypeScript snippet (types stripped) runs twice, and the second run continues the study', async () => {
    const source = readmeBlock('From TypeScript and Python', 'ts').replace(README_URL, server.url);
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, 'snippet.mjs'), js);
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run(process.execPath, [join(dir, 'snippet.mjs')], { cwd: dir, timeout: 60_000 });
      expect(stdout).toContain("state: 'COMPLETE'");
    }
    const counts = await trialsOf('quadratic');
    expect(counts.COMPLETE + counts.PRUNED).toBe(40);
  });

  it('the curl walk-through runs twice in a row with bash, every answer a 2xx', async () => {
    const script = readmeBlock('A study over HTTP with curl', 'sh').replace(`B=${README_URL}/api/v1`, `B=${server.url}/api/v1`);
    // NOTE: --fail-with-body makes a 4xx/5xx answer a non-zero exit, which set -e -o pipefail turns
    // into a failed script; the counter proves every curl of the block ran.
    const counter = join(dir, 'curl-calls');
    const traced = `curl() { echo call >> ${counter}; command curl --fail-with-body "$@"; }\nset -e -o pipefail\n${script}`;
    writeFileSync(join(dir, 'walkthrough.sh'), traced);
    for (let i = 0; i < 2; i++) {
      writeFileSync(counter, '');
      await run('bash', [join(dir, 'walkthrough.sh')], { timeout: 60_000 });
      expect(readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(12);
    }
  });

  it('the Python snippet runs twice on the same study, continuing it each time', async () => {
    const source = readmeBlock('From TypeScript and Python', 'python').replace(README_URL, server.url);
    writeFileSync(join(dir, 'snippet.py'), source);
    for (let i = 0; i < 2; i++) {
      const { stdout } = await run('python3', [join(dir, 'snippet.py')], { env: { ...process.env, PYTHONPATH: join(ROOT, 'clients/python') }, timeout: 60_000 });
      expect(stdout).toContain("'state': 'COMPLETE'");
    }
    // The TypeScript test's 40 trials plus these 40: both snippets create the same "quadratic" study.
    const counts = await trialsOf('quadratic');
    expect(counts.COMPLETE + counts.PRUNED).toBe(80);
  });
  describe('Multi-objective studies and constraints', () => {
    const SECTION = 'Multi-objective studies and constraints';
    /** The trial numbers of a study's Pareto front, read over HTTP. */
    const frontOf = async (name: string) => (await new HttpStudyClient({ url: server.url }).pareto(name)).map((t) => t.number);

    it('the curl example runs twice with bash, every answer a 2xx, and its told trial is on the front', async () => {
      const script = readmeBlock(SECTION, 'sh').replace(`B=${README_URL}/api/v1`, `B=${server.url}/api/v1`);
      const traced = `curl() { command curl --fail-with-body "$@"; }\nset -e -o pipefail\n${script}`;
      writeFileSync(join(dir, 'mo.sh'), traced);
      for (let i = 0; i < 2; i++) {
        const { stdout } = await run('bash', [join(dir, 'mo.sh')], { timeout: 60_000 });
        expect(stdout).toContain('"feasible":true');
      }
      expect(await frontOf('latency-tradeoff')).toEqual([0, 1]);
    });

    it('the TypeScript example (types stripped) runs and prints the Pareto front', async () => {
      const source = readmeBlock(SECTION, 'ts').replace(README_URL, server.url);
      const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
      writeFileSync(join(dir, 'mo.mjs'), js);
      const { stdout } = await run(process.execPath, [join(dir, 'mo.mjs')], { cwd: dir, timeout: 60_000 });
      const printed = stdout.split('\n').filter((l) => l.startsWith('front ')).map((l) => Number(l.split(' ')[1]));
      expect(printed).toEqual(await frontOf('latency-tradeoff-ts'));
      expect(printed.length).toBeGreaterThan(1);
    });

    it('the Python example runs and prints the Pareto front', async () => {
      writeFileSync(join(dir, 'mo.py'), readmeBlock(SECTION, 'python').replace(README_URL, server.url));
      const { stdout } = await run('python3', [join(dir, 'mo.py')], { env: { ...process.env, PYTHONPATH: join(ROOT, 'clients/python') }, timeout: 60_000 });
      const printed = stdout.split('\n').filter((l) => l.startsWith('front ')).map((l) => Number(l.split(' ')[1]));
      expect(printed).toEqual(await frontOf('latency-tradeoff-py'));
      expect(printed.length).toBeGreaterThan(1);
    });
  });
});
