import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TrainContext } from '../../src/trainer/trainer';

/** A real TrainContext over a temp study directory; `reports` records every report, `stopAfter` prunes. */
export function testContext(studyDir: string, trialNumber: number, options: { seed?: number; stopAfter?: number } = {}): TrainContext & { reports: { step: number; value: number }[]; logs: string[] } {
  const reports: { step: number; value: number }[] = [];
  const logs: string[] = [];
  const trialDir = path.join(studyDir, String(trialNumber));
  fs.mkdirSync(trialDir, { recursive: true });
  return {
    seed: options.seed ?? 7,
    signal: new AbortController().signal,
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m) },
    report: async (step, metrics) => {
      reports.push({ step, value: metrics.value });
      return options.stopAfter !== undefined && step >= options.stopAfter;
    },
    trialDir,
    studyDir,
    trialNumber,
    reports,
    logs,
  };
}

/** A fresh temp directory for one test file. */
export function tempStudyDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `baytune-${prefix}-`));
}
