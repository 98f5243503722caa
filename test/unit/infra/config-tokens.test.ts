import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../../src/infra/config';

describe('token configuration fails closed (P8)', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'baytune-tokens-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('refuses a tokens file that holds only comments and blank lines, naming the file', () => {
    const path = file('comments', '# no tokens yet\n\n   \n# still none\n');
    expect(() => resolveConfig({ tokensFile: path }, {})).toThrow(/tokens file .*comments.* holds no token/);
    expect(() => resolveConfig({}, { BAYTUNE_TOKENS_FILE: path })).toThrow(/holds no token/);
  });

  it('refuses an empty --token even when BAYTUNE_TOKEN is set, and an empty BAYTUNE_TOKEN', () => {
    expect(() => resolveConfig({ token: '' }, { BAYTUNE_TOKEN: 'x' })).toThrow(/--token is empty/);
    expect(() => resolveConfig({ token: '   ' }, {})).toThrow(/--token is empty/);
    expect(() => resolveConfig({}, { BAYTUNE_TOKEN: '' })).toThrow(/BAYTUNE_TOKEN is set but empty/);
  });

  it('refuses a tokens file it cannot read, naming it', () => {
    expect(() => resolveConfig({ tokensFile: join(dir, 'missing') }, {})).toThrow(/cannot read tokens file .*missing/);
  });

  it('takes the token from the environment or a file, and runs open only when no source is configured', () => {
    expect(resolveConfig({}, { BAYTUNE_TOKEN: 'env-tok' }).tokens).toEqual(['env-tok']);
    expect(resolveConfig({}, { BAYTUNE_TOKENS_FILE: file('one', '# a comment\n file-tok \n') }).tokens).toEqual(['file-tok']);
    expect(resolveConfig({ token: 'flag-tok' }, { BAYTUNE_TOKEN: 'env-tok' }).tokens).toEqual(['flag-tok']);
    expect(resolveConfig({}, {}).tokens).toEqual([]);
  });
});
