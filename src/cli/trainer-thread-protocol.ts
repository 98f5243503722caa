import type { Params } from '../domain/space';
import type { TrainResult, TrainerOptions } from '../trainer/trainer';

/**
 * Messages between a ThreadTrainer (main thread) and its trainer thread. A thread trains one job at
 * a time; `job` numbers the train calls of one ThreadTrainer so late messages of an earlier job are
 * ignored. Every field is structured-cloneable plain data.
 */

/** What the thread is started with (`workerData`): the trainer spec as the user gave it, the directory it is resolved from, and the typed options it is built with. */
export interface TrainerThreadData {
  spec: string;
  cwd: string;
  options?: TrainerOptions;
}

/** Main -> thread: train `params`; the TrainContext fields that are plain data travel along. */
export interface TrainMessage {
  kind: 'train';
  job: number;
  params: Params;
  seed: number;
  trialDir: string;
  studyDir: string;
  trialNumber: number;
}

/** Main -> thread: the run's signal fired; the job's context.signal aborts. */
export interface AbortMessage {
  kind: 'abort';
  job: number;
}

/** Main -> thread: the answer to report number `report` of the job: prune or not, or the error the report threw. */
export interface ReportAnswerMessage {
  kind: 'report-answer';
  job: number;
  report: number;
  prune?: boolean;
  error?: string;
}

export type ToThreadMessage = TrainMessage | AbortMessage | ReportAnswerMessage;

/** Thread -> main: one context.logger line. */
export interface LogMessage {
  kind: 'log';
  job: number;
  level: 'info' | 'warn';
  message: string;
}

/** Thread -> main: one context.report call, numbered within the job; answered by a ReportAnswerMessage. */
export interface ReportMessage {
  kind: 'report';
  job: number;
  report: number;
  step: number;
  metrics: { value: number } & Record<string, number>;
}

/**
 * Thread -> main: the job ended with the trainer's result or the message of what it threw.
 * `backend` is the TF.js backend the thread's latest bundled trial ran on (null for none).
 */
export interface DoneMessage {
  kind: 'done';
  job: number;
  result?: TrainResult;
  error?: string;
  backend: string | null;
}

export type FromThreadMessage = LogMessage | ReportMessage | DoneMessage;
