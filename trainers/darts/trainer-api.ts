/**
 * The one place the darts trainer imports the Trainer interface from, so moving that interface is a
 * one-line change here.
 */
export type { Trainer, TrainContext, TrainResult, TrainerLogger, TrainerOptions } from '../../src/trainer/trainer';
