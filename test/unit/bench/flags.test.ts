import { benchFlags, numericFlag } from '../../../bench/flags';

const USAGE = 'usage: bench [--seeds N] [--verbose]';
const SPEC = { seeds: '16', 'first-seed': null, verbose: false } as const;

/** Runs benchFlags on argv; an exit becomes { exit, out, err } instead of ending the test run. */
function parse(argv: string[], read: (argv: string[]) => unknown = (a) => benchFlags(USAGE, SPEC, a)): { flags?: unknown; exit?: number; out: string; err: string } {
  let out = '';
  let err = '';
  const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void (out += m));
  const error = jest.spyOn(console, 'error').mockImplementation((m: string) => void (err += m));
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw Object.assign(new Error('exit'), { code });
  });
  try {
    return { flags: read(argv), out, err };
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

  it.each([['x'], [''], ['-1'], ['Infinity']])('a numeric flag rejects %j with the usage and exit code 2', (value) => {
    const result = parse([value], ([v]) => numericFlag(USAGE, 'noise', v as string, 0));
    expect(result.exit).toBe(2);
    expect(result.err).toContain('--noise must be a number >= 0');
  });

  it('a numeric flag gives the number', () => {
    expect(parse(['0.1'], ([v]) => numericFlag(USAGE, 'noise', v as string, 0)).flags).toBe(0.1);
  });
});
