// ESLint for the whole tree: typescript-eslint's recommended rules for the TypeScript sources, ESLint's recommended
// rules for the scripts and tests. Formatting is Prettier's (.prettierrc.json); nothing here argues with it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// a rest sibling drops a field on purpose (`const { file, ...rest } = finding`); `_name` marks a parameter kept for its position
const unused = { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true, caughtErrors: 'none' };

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.tsbuild/',
      'node_modules/',
      'test-artifacts/',
      'test/fixtures/',
      'examples/',
      '.e2e-cache/',
      '.vscode-test/',
    ],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', unused],
      // walking a parent chain starts from `this` (`for (let layer = this; layer; layer = layer.parent)`)
      '@typescript-eslint/no-this-alias': 'off',
      // `import fs = require('node:fs')` for Node's modules: esbuild bundles it as a plain require, where
      // `import * as fs` makes every importing module copy the module's exports into getters at load (issue 21)
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    // tests walk parsed JSON and YAML (what they expect there is what they assert) and pass invalid input on purpose
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: { ...globals.node } },
    rules: { 'no-unused-vars': ['error', unused] },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    // the VS Code test suite runs under mocha's TDD interface
    files: ['test/vscode/suite/**'],
    languageOptions: { globals: { ...globals.mocha } },
  },
);
