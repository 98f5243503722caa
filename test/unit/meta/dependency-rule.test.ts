import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * The dependency rule of shared/ARCHITECTURE.md, checked on import lines (ESLint enforces the same
 * per folder; this test keeps the rule when someone loosens the lint config).
 */
const root = resolve(__dirname, '../../..');
const FORBIDDEN: Record<string, string[]> = {
  'src/domain': ['core', 'samplers', 'pruners', 'storage', 'service', 'http', 'client', 'cli', 'infra', 'runtime'],
  'src/core': ['samplers', 'pruners', 'storage', 'service', 'http', 'client', 'cli', 'infra', 'runtime'],
  'src/samplers': ['storage', 'service', 'http', 'client', 'cli', 'runtime'],
  'src/pruners': ['storage', 'service', 'http', 'client', 'cli', 'samplers', 'runtime'],
  'src/storage': ['samplers', 'pruners', 'service', 'http', 'client', 'cli', 'runtime'],
  'src/service': ['http', 'client', 'cli', 'runtime'],
  'src/runtime': ['storage', 'http', 'client', 'cli'],
  // The http layer calls the service; the GP fit behind GET /model runs there, on the sampler threads.
  'src/http': ['core', 'samplers', 'pruners', 'runtime', 'client', 'cli'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
}

it.each(Object.entries(FORBIDDEN))('%s imports none of the layers above it', (folder, banned) => {
  const offenders: string[] = [];
  for (const file of files(join(root, folder))) {
    for (const spec of importsOf(file)) {
      if (!spec.startsWith('.')) continue;
      const target = relative(join(root, 'src'), resolve(join(file, '..'), spec)).split('/')[0] ?? '';
      if (banned.includes(target)) offenders.push(`${relative(root, file)} -> ${spec}`);
    }
  }
  expect(offenders).toEqual([]);
});

it('thread plumbing (node:worker_threads) stays out of the service', () => {
  const offenders = files(join(root, 'src/service')).filter((file) => importsOf(file).includes('node:worker_threads'));
  expect(offenders.map((file) => relative(root, file))).toEqual([]);
});

it('service uses storage only through the port', () => {
  const offenders = files(join(root, 'src/service')).flatMap((file) =>
    importsOf(file).filter((spec) => /storage\/(?!port$)/.test(spec)).map((spec) => `${relative(root, file)} -> ${spec}`),
  );
  expect(offenders).toEqual([]);
});
