import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** src/api/schema.ts must be what openapi-typescript makes of openapi.yaml today (`npm run gen:api`). */
it('src/api/schema.ts is up to date with openapi.yaml', () => {
  const root = resolve(__dirname, '../../..');
  const dir = mkdtempSync(join(tmpdir(), 'baytune-gen-'));
  try {
    const out = join(dir, 'schema.ts');
    execFileSync(process.execPath, [join(root, 'node_modules/openapi-typescript/bin/cli.js'), join(root, 'openapi.yaml'), '--default-non-nullable', 'false', '-o', out], { stdio: 'pipe' });
    const expected = readFileSync(out, 'utf8');
    const actual = readFileSync(join(root, 'src/api/schema.ts'), 'utf8');
    if (actual !== expected) throw new Error('src/api/schema.ts is stale: run `npm run gen:api` and commit the result');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
