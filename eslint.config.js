// Lint with zero warnings (see CONVENTIONS.md). Type-aware rules catch floating promises,
// which in this codebase would mean an audit write or an fsync nobody waited for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', '.tmp/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': ['error', {
        allowForKnownSafeCalls: [{
          from: 'package', package: 'node:test',
          name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
        }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'node:crypto', message: 'Use src/crypto: it is the one module that touches node:crypto.' },
          { name: 'crypto', message: 'Use src/crypto: it is the one module that touches node:crypto.' },
        ],
        patterns: [{
          group: ['**/vault/artifact-reader.js'],
          message: 'Conversation content is read only through the access gateway (src/access), DESIGN.md invariant 2.',
        }],
      }],
    },
  },
  {
    files: ['src/crypto/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The gateway is the one reader of artifact content; benches compare against raw node:crypto.
    files: ['src/access/gateway.ts', 'bench/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
