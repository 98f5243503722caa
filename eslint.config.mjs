import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import dependencyRule from './tools/dependency-rule.cjs';

/**
 * The dependency rule of tools/dependency-layers.json, checked per import by tools/dependency-rule.cjs
 * (the meta test test/unit/meta/dependency-rule.test.ts runs the same check over every file).
 */
const layersPlugin = {
  rules: {
    layers: {
      meta: { type: 'problem', schema: [] },
      create(context) {
        const check = (node, source) => {
          if (typeof source?.value !== 'string') return;
          const problem = dependencyRule.violation(context.filename, source.value);
          if (problem) context.report({ node, message: problem });
        };
        return {
          ImportDeclaration: (node) => check(node, node.source),
          ExportNamedDeclaration: (node) => check(node, node.source),
          ExportAllDeclaration: (node) => check(node, node.source),
          ImportExpression: (node) => check(node, node.source),
          'CallExpression[callee.name="require"]': (node) => check(node, node.arguments[0]),
        };
      },
    },
  },
};

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
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  { files: ['src/dashboard/static/**/*.js'], languageOptions: { sourceType: 'script', globals: { ...globals.browser, Plotly: 'readonly' } } },
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['src/**/*.ts', 'trainers/**/*.ts'], plugins: { baytune: layersPlugin }, rules: { 'baytune/layers': 'error' } },
);
