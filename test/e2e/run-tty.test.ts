import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CLI_ENTRY } from '../helpers/process';

const ROOT = resolve(__dirname, '../..');
const OUTPUT = join(ROOT, 'test-output', 'run-tty');
const DONE = '__run_exit_';

function tmux(socket: string, ...args: string[]): string {
  return execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
}

/**
 * Runs `command` in a real pseudo-terminal (a detached tmux pane of `columns` x `rows`) and returns
 * the pane's text once the command printed its exit marker (polled, at most `timeoutMs`).
 */
async function finalScreen(command: string, columns: number, rows: number, timeoutMs: number): Promise<string> {
  const socket = `baytune-ux-${process.pid}`;
  tmux(socket, 'new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'run', `${command}; echo ${DONE}$?; sleep 60`);
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 250));
      const screen = tmux(socket, 'capture-pane', '-p', '-t', 'run');
      if (screen.includes(DONE)) return screen;
    }
    throw new Error(`no exit marker within ${timeoutMs} ms:\n${tmux(socket, 'capture-pane', '-p', '-t', 'run')}`);
  } finally {
    tmux(socket, 'kill-server');
  }
}

/** Issue 14: `baytune run` on a terminal leaves a clean final screen: per-trial lines, then the table. */
describe('baytune run in a pseudo-terminal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'baytune-tty-'));
    mkdirSync(OUTPUT, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every trial, the summary table with the trainer metric, and nothing garbled', async () => {
    const trainer = join(ROOT, 'examples', 'quadratic-trainer.js');
    const run = `node ${CLI_ENTRY} run --trainer ${trainer} --trials 8 --db ${join(dir, 'tty.db')} --study q-tty --sampler '{\\"type\\":\\"random\\",\\"seed\\":4}'`;
    // script(1) records the raw bytes the run wrote to its terminal, status-line redraws included.
    const raw = join(dir, 'raw.log');
    const command = `cd ${dir} && script -qfec "${run}" ${raw}`;
    const screen = await finalScreen(command, 100, 40, 60_000);
    const bytes = readFileSync(raw, 'utf8');
    expect(bytes).toMatch(/trials [█░]{20} 0\/8 \| best - \| elapsed 0s \| ETA -/);
    expect(bytes).toMatch(/trials [█░]{20} 8\/8 \| best [\d.e-]+ \| elapsed \d+s \| ETA 0s/);
    writeFileSync(join(OUTPUT, 'after.txt'), screen);
    const lines = screen.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
    expect(lines[0]).toMatch(/^created study "q-tty" \(/);
    const trialLines = lines.filter((l) => /^trial \d+: /.test(l));
    expect(trialLines.map((l) => Number(/^trial (\d+)/.exec(l)?.[1])).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const l of trialLines) expect(l).toMatch(/^trial \d+: (COMPLETE|PRUNED) [-\d.e]+; best so far [-\d.e]+$/);
    const head = lines.findIndex((l) => l.startsWith('study "q-tty"'));
    expect(head).toBe(9);
    expect(lines[head + 1]).toBe("objective: value, minimized: lower is better; the other columns are the trainer's metrics");
    expect(lines[head + 3]).toMatch(/^rank\s+trial\s+value\s+x\s+weights$/);
    expect(lines.slice(head + 4, head + 9).every((l) => /^\d\s+\d+\s+[-\d.e]+\s+[-\d.e]+\s+-$/.test(l))).toBe(true);
    expect(lines[head + 9]).toBe(`${DONE}0`);
    // No status-line remnant (its bar characters) and no line written over another.
    expect(screen).not.toMatch(/[█░]|ETA/);
    expect(lines).toHaveLength(head + 10);
  });

  it('after Ctrl-C, the final screen holds the interruption, the failed trial and the table, ungarbled', async () => {
    const slow = join(dir, 'slow-trainer.js');
    writeFileSync(slow, `module.exports = { name: 'slow', description: 'sleeps', space: { x: { type: 'float', low: 0, high: 1 } },
      async train(params, context) {
        for (let epoch = 1; epoch <= 40; epoch++) {
          if (context.signal.aborted) throw new Error('interrupted');
          await new Promise((r) => setTimeout(r, 50));
          if (await context.report(epoch, { value: params.x / epoch })) return { value: params.x / epoch };
        }
        return { value: params.x / 40 };
      } };`);
    const socket = `baytune-ux-int-${process.pid}`;
    const command = `cd ${dir} && node ${CLI_ENTRY} run --trainer ${slow} --trials 50 --db ${join(dir, 'int.db')} --study q-int; echo ${DONE}$?; sleep 60`;
    tmux(socket, 'new-session', '-d', '-x', '160', '-y', '40', '-s', 'run', command);
    try {
      let screen = '';
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && !/trial 2: /.test(screen); ) {
        await new Promise((r) => setTimeout(r, 100));
        screen = tmux(socket, 'capture-pane', '-p', '-t', 'run');
      }
      tmux(socket, 'send-keys', '-t', 'run', 'C-c');
      for (const deadline = Date.now() + 30_000; Date.now() < deadline && !screen.includes(DONE); ) {
        await new Promise((r) => setTimeout(r, 250));
        screen = tmux(socket, 'capture-pane', '-p', '-t', 'run');
      }
      writeFileSync(join(OUTPUT, 'after-ctrl-c.txt'), screen);
      const lines = screen.split('\n').map((l) => l.trimEnd()).filter((l) => l.length > 0);
      const interrupted = lines.findIndex((l) => l.startsWith('interrupted: stopping;'));
      const failed = lines.findIndex((l) => /^trial \d+: FAIL - \(interrupted\); best so far/.test(l));
      const head = lines.findIndex((l) => /^study "q-int" .* \(interrupted\)$/.test(l));
      expect({ interrupted: interrupted > 0, failed: failed > interrupted, head: head > failed }).toEqual({ interrupted: true, failed: true, head: true });
      expect(lines[lines.length - 1]).toBe(`${DONE}130`);
      expect(screen).not.toMatch(/[█░]|ETA/);
    } finally {
      tmux(socket, 'kill-server');
    }
  });
});
