import type { Command } from 'commander';
import { json, processIo, withClient, studyCommand, type CliIo, type ConnectionOptions } from './output';

interface SetUserAttrOptions extends ConnectionOptions {
  trial?: string;
}

/** VALUE as JSON when it parses (`3`, `true`, `{"a":1}`, `null` removes the key), else as the plain string. */
export function attrValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

/** `baytune set-user-attr STUDY KEY VALUE [--trial T]`: sets a user attribute of a study or of one of its trials. */
export function registerSetUserAttrCommand(program: Command, io: CliIo = processIo): void {
  studyCommand(program, 'set-user-attr', 'set a user attribute of a study, or of a trial with --trial (VALUE null removes it)')
    .argument('<key>', 'attribute name')
    .argument('<value>', 'JSON value (3, true, {"a":1}, null) or any other text as a string')
    .option('--trial <trial>', 'trial number or id: set it on that trial instead of the study')
    .action((studyId: string, key: string, raw: string, options: SetUserAttrOptions) =>
      withClient(options, async (client) => {
        const patch = { user_attrs: { [key]: attrValue(raw) } };
        const target = options.trial === undefined ? await client.patchStudy(studyId, patch) : await client.patchTrial(studyId, options.trial, patch);
        io.out(options.json ? json(target.user_attrs) : `${options.trial === undefined ? 'study' : `trial ${options.trial}`} user_attrs: ${JSON.stringify(target.user_attrs)}\n`);
      }),
    );
}
