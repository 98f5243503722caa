import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * The dependency rule of shared/ARCHITECTURE.md:
 * core <- samplers, pruners <- service <- http <- main; domain imports nothing of ours.
 * storage is imported by service as the port only; trainers/ and cli/ reach studies only through client/.
 * runtime/ (the sampler threads) implements a service port and is wired in by main only.
 */
const forbid = (...groups) => ({
  'no-restricted-imports': ['error', { patterns: groups.map((g) => ({ group: [g], message: 'breaks the dependency rule in shared/ARCHITECTURE.md' })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/api/schema.ts', 'coverage/**', 'test-output/**', 'src/dashboard/static/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['**/*.js', '**/*.cjs', '**/*.mjs'], languageOptions: { globals: { ...globals.node } } },
  { files: ['src/dashboard/static/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser, Plotly: 'readonly' } } },
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/domain/**'], rules: forbid('**/core/**', '**/samplers/**', '**/pruners/**', '**/storage/**', '**/service/**', '**/http/**', '**/client/**', '**/cli/**', '**/infra/**', '**/runtime/**') },
  { files: ['src/core/**'], rules: forbid('**/samplers/**', '**/pruners/**', '**/storage/**', '**/service/**', '**/http/**', '**/client/**', '**/cli/**', '**/infra/**', '**/runtime/**', 'express', 'pg', 'better-sqlite3') },
  { files: ['src/samplers/**', 'src/pruners/**'], rules: forbid('**/storage/**', '**/service/**', '**/http/**', '**/client/**', '**/cli/**', '**/runtime/**', 'express', 'pg', 'better-sqlite3') },
  { files: ['src/storage/**'], rules: forbid('**/samplers/**', '**/service/**', '**/http/**', '**/client/**', '**/cli/**', '**/runtime/**') },
  { files: ['src/service/**'], rules: forbid('**/storage/sqlite*', '**/storage/postgres*', '**/storage/memory*', '**/http/**', '**/client/**', '**/cli/**', '**/runtime/**', 'node:worker_threads', 'express', 'pg', 'better-sqlite3') },
  { files: ['src/runtime/**'], rules: forbid('**/storage/**', '**/http/**', '**/client/**', '**/cli/**', 'express', 'pg', 'better-sqlite3') },
  { files: ['src/http/**'], rules: forbid('**/core/**', '**/samplers/**', '**/pruners/**', '**/runtime/**', '**/storage/sqlite*', '**/storage/postgres*', '**/storage/memory*', '**/client/**', '**/cli/**') },
  { files: ['src/cli/**'], rules: forbid('**/core/**', '**/samplers/**', '**/service/**', '**/storage/**', '**/http/**') },
  { files: ['trainers/**'], rules: forbid('**/src/core/**', '**/src/service/**', '**/src/storage/**', '**/src/http/**', '**/src/samplers/**') },
);
