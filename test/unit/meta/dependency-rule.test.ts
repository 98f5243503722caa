import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The dependency rule of tools/dependency-layers.json over every file, with the same check ESLint
 * runs per import (tools/dependency-rule.cjs), so loosening the lint config does not loosen the rule.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the shared CommonJS rule module
const rule = require('../../../tools/dependency-rule.cjs') as {
  ROOT: string;
  TABLE: { layers: Record<string, string[]>; knownViolations: Array<{ from: string; to: string[]; issue: number }> };
  LAYERS: string[];
  violation(file: string, spec: string): string | null;
  expectedLayers(): string[];
  repoPath(file: string): string;
  contains(key: string, target: string): boolean;
  layerOf(target: string): string | null;
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

const ALL = [...files(join(rule.ROOT, 'src')), ...files(join(rule.ROOT, 'trainers'))];

it('covers every folder and root file of src/, and trainers/', () => {
  expect(rule.expectedLayers().filter((layer) => !rule.LAYERS.includes(layer))).toEqual([]);
  expect(rule.LAYERS.filter((layer) => !rule.expectedLayers().includes(layer))).toEqual([]);
});

it('every file imports only the layers its row allows (known violations aside)', () => {
  const offenders = ALL.flatMap((file) => importsOf(file).map((spec) => rule.violation(file, spec)).filter((p) => p !== null).map((p) => `${rule.repoPath(file)}: ${p}`));
  expect(offenders).toEqual([]);
});

it('lists no known violation that is already fixed (remove its entry)', () => {
  const stale = rule.TABLE.knownViolations.filter((v) => !ALL.some((file) => rule.contains(v.from, rule.repoPath(file)) && importsOf(file).some((spec) => {
    if (!spec.startsWith('.')) return false;
    const target = rule.repoPath(join(file, '..', spec));
    return v.to.includes(rule.layerOf(target) ?? '');
  })));
  expect(stale.map((v) => `${v.from} -> ${v.to.join(', ')} (issue ${v.issue})`)).toEqual([]);
});

it('the table catches an import that breaks it', () => {
  expect(rule.violation(join(rule.ROOT, 'src/core/x.ts'), '../client/http-client')).toMatch(/src\/core may import only src\/domain/);
  expect(rule.violation(join(rule.ROOT, 'src/service/x.ts'), '../storage/sqlite-storage')).toMatch(/src\/storage/);
  expect(rule.violation(join(rule.ROOT, 'src/service/x.ts'), '../storage/port')).toBeNull();
  expect(rule.violation(join(rule.ROOT, 'trainers/mlp/index.ts'), '../../src/core/rng')).toMatch(/trainers may import only/);
});

it('thread plumbing (node:worker_threads) stays out of the service: it lives in src/runtime', () => {
  const offenders = ALL.filter((file) => rule.repoPath(file).startsWith('src/service/') && importsOf(file).includes('node:worker_threads'));
  expect(offenders.map((file) => rule.repoPath(file))).toEqual([]);
});
