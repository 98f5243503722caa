'use strict';
/**
 * The dependency rule, once: tools/dependency-layers.json is the table, this file reads it, and
 * both ESLint (eslint.config.mjs, rule `baytune/layers`) and test/unit/meta/dependency-rule.test.ts
 * call `violation`. Paths are repository-relative with `/` separators.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TABLE = JSON.parse(fs.readFileSync(path.join(__dirname, 'dependency-layers.json'), 'utf8'));
const LAYERS = Object.keys(TABLE.layers);

/** `file` relative to the repository root, with `/` separators. */
function repoPath(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** True when the layer key (a folder or a `.ts` file) contains `target` (a path with or without extension). */
function contains(key, target) {
  if (key.endsWith('.ts')) return target === key || `${target}.ts` === key || target === key.slice(0, -3);
  return target === key || target.startsWith(`${key}/`);
}

/** The layer holding a repository path, or null: the longest matching key. */
function layerOf(target) {
  const matches = LAYERS.filter((key) => contains(key, target));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

function knownViolation(fromFile, toLayer) {
  return TABLE.knownViolations.find((v) => contains(v.from, fromFile) && v.to.some((to) => contains(to, toLayer) || to === toLayer)) ?? null;
}

/**
 * Why the import `spec` in `file` (absolute paths) breaks the rule, or null when it keeps it (or is
 * not a relative import of ours). Imports that leave the layers entirely are violations too.
 */
function violation(file, spec) {
  if (!spec.startsWith('.')) return null;
  const from = repoPath(file);
  const fromLayer = layerOf(from);
  if (fromLayer === null) return null;
  const target = repoPath(path.resolve(path.dirname(file), spec));
  const toLayer = layerOf(target);
  if (toLayer === fromLayer) return null;
  const allowed = TABLE.layers[fromLayer];
  if (toLayer !== null && allowed.some((key) => contains(key, target) || key === toLayer)) return null;
  if (toLayer !== null && knownViolation(from, toLayer)) return null;
  return `${fromLayer} may import only ${allowed.join(', ') || 'nothing of ours'}; "${spec}" is ${toLayer ?? 'outside every layer'} (tools/dependency-layers.json)`;
}

/** The top-level folders and root .ts files of src/, and trainers/: each must be a layer. */
function expectedLayers() {
  const src = fs.readdirSync(path.join(ROOT, 'src'), { withFileTypes: true })
    .filter((e) => e.isDirectory() || e.name.endsWith('.ts'))
    .map((e) => `src/${e.name}`);
  return [...src, 'trainers'];
}

module.exports = { ROOT, TABLE, LAYERS, layerOf, violation, knownViolation, expectedLayers, repoPath, contains };
