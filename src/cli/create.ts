import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CreateStudyRequest } from '../api/types';
import { collect, parseConstraintFlags, parseObjectiveFlags } from './objective-flags';
import { json, processIo, withClient, withConnection, type CliIo, type ConnectionOptions } from './output';

interface CreateOptions extends ConnectionOptions {
  name: string;
  space: string;
  direction?: string;
  objective: string[];
  constraint: string[];
  sampler?: string;
  pruner?: string;
  skipIfExists?: boolean;
}

/** Parses JSON given inline (starting with `{`) or as a bare type name such as `gp`. */
export function parseConfig(text: string, what: string): { type: string; [key: string]: unknown } {
  if (!text.trim().startsWith('{')) return { type: text.trim() };
  try {
    return JSON.parse(text) as { type: string };
  } catch (error) {
    throw new Error(`--${what} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Reads the search space from a JSON file, or from the argument itself when it starts with `{`. */
export function readSpace(pathOrJson: string): CreateStudyRequest['space'] {
  const text = pathOrJson.trim().startsWith('{') ? pathOrJson : readFileSync(pathOrJson, 'utf8');
  try {
    return JSON.parse(text) as CreateStudyRequest['space'];
  } catch (error) {
    throw new Error(`--space is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * What the study optimises, from --direction (one objective `value`, minimize by default) or the
 * repeatable --objective name:direction, plus --constraint name<=max / name>=min. Throws naming
 * the flag for a bad one, and when --direction and --objective are both given.
 */
export function objectiveFields(options: Pick<CreateOptions, 'direction' | 'objective' | 'constraint'>): Pick<CreateStudyRequest, 'direction' | 'objectives' | 'constraints'> {
  const objectives = parseObjectiveFlags(options.objective);
  const constraints = parseConstraintFlags(options.constraint);
  if (objectives.length > 0 && options.direction !== undefined) throw new Error('give --direction (one objective) or --objective (one or more), not both');
  const direction = options.direction?.toLowerCase() ?? 'minimize';
  if (direction !== 'minimize' && direction !== 'maximize') throw new Error(`--direction must be minimize or maximize, got "${options.direction}"`);
  return {
    ...(objectives.length > 0 ? { objectives } : { direction }),
    ...(constraints.length > 0 ? { constraints } : {}),
  };
}

/** `baytune create --name N --space space.json [--direction D | --objective name:D ...] [--constraint name<=max ...] [--sampler json] [--pruner json] [--skip-if-exists]`. */
export function registerCreateCommand(program: Command, io: CliIo = processIo): void {
  withConnection(program.command('create').description('create a study; prints its id'))
    .requiredOption('--name <name>', 'study name (unique on the server)')
    .requiredOption('--space <file>', 'search space: a JSON file, or inline JSON')
    .option('--direction <direction>', 'minimize (default) or maximize: one objective named value')
    .option('--objective <name:direction>', 'an objective, e.g. val_loss:minimize (repeat for several; instead of --direction)', collect, [])
    .option('--constraint <name<=max|name>=min>', 'an outcome constraint, e.g. memory_mb<=512 or accuracy>=0.9 (repeatable)', collect, [])
    .option('--sampler <json>', 'sampler type (random, sobol, tpe, gp, ...) or JSON such as {"type":"gp","seed":1}')
    .option('--pruner <json>', 'pruner type (none, median, successive-halving) or JSON with options')
    .option('--skip-if-exists', 'print the existing study of this name when it matches (same direction and space; sampler and pruner when given) instead of failing')
    .action((options: CreateOptions) => {
      const request: CreateStudyRequest = { name: options.name, space: readSpace(options.space), ...objectiveFields(options) };
      if (options.skipIfExists) request.load_if_exists = true;
      if (options.sampler) request.sampler = parseConfig(options.sampler, 'sampler');
      if (options.pruner) request.pruner = parseConfig(options.pruner, 'pruner');
      return withClient(options, async (client) => {
        const study = await client.createStudy(request);
        io.out(options.json ? json(study) : `${study.id}\n`);
      });
    });
}
