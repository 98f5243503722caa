import { benchFlags } from '../../../bench/flags';

const USAGE = 'usage: bench [--seeds N] [--verbose]';
const SPEC = { seeds: '16', 'first-seed': null, verbose: false } as const;

/** Runs benchFlags on argv; an exit becomes { exit, out, err } instead of ending the test run. */
function parse(argv: string[]): { flags?: ReturnType<typeof benchFlags<typeof SPEC>>; exit?: number; out: string; err: string } {
  let out = '';
  let err = '';
  const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void (out += m));
  const error = jest.spyOn(console, 'error').mockImplementation((m: string) => void (err += m));
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw Object.assign(new Error('exit'), { code });
  });
  try {
    return { flags: benchFlags(USAGE, SPEC, argv), out, err };
  } catch (e) {
    return { exit: (e as { code: number }).code, out, err };
  } finally {
    log.mockRestore();
    error.mockRestore();
    exit.mockRestore();
  }
}

describe('benchFlags', () => {
  it('gives defaults, the values given and undefined for an absent flag without a default', () => {
    expect(parse([]).flags).toEqual({ help: false, seeds: '16', verbose: false });
    expect(parse(['--seeds', '4', '--first-seed=16', '--verbose']).flags).toEqual({ help: false, seeds: '4', 'first-seed': '16', verbose: true });
  });

  it.each([['--help'], ['-h']])('%s prints the usage and exits 0 before anything runs', (flag) => {
    expect(parse([flag])).toMatchObject({ exit: 0, out: USAGE });
  });

  it.each([[['--seed', '3']], [['--seeds']], [['stray']], [['--verbose=yes']]])('rejects %j with the usage and exit code 2', (argv) => {
    const result = parse(argv);
    expect(result.exit).toBe(2);
    expect(result.flags).toBeUndefined();
    expect(result.err).toContain(USAGE);
  });
});
