// Lint rules that matter here: floating promises (a lost rejection is a silent failure in a
// language server), no console in the server (stdout is the protocol channel under --stdio), and
// the architecture's fences: the core is pure, the service never sees the transport.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'url', 'worker_threads', 'crypto'];
const nodeImports = [...nodeBuiltins, ...nodeBuiltins.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.e2e/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // node:test's test() returns a promise that the runner itself awaits.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeImports.map((name) => ({ name, message: 'The core is pure: no file system or process access.' })),
          patterns: [
            { group: ['vscode', 'vscode-*', 'vscode-*/**'], message: 'The core is pure: no editor or LSP types.' },
            { group: ['jsonc-parser', 'jsonc-parser/**'], message: 'The core never sees text: take parsed values.' },
            { group: ['**/service/**', '**/node/**', '**/cli/**', '**/server'], message: 'The core depends on nothing outside itself.' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeImports.map((name) => ({ name, message: 'The service has no I/O: the glue reads files.' })),
          patterns: [
            { group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/**', 'vscode-languageclient', 'vscode-languageclient/**'], message: 'The service never imports the transport or the editor.' },
            { group: ['**/node/**', '**/cli/**', '**/server'], message: 'The service does not depend on the glue.' },
          ],
        },
      ],
    },
  },
);
