// Lint rules that matter here: floating promises (a lost rejection is a silent failure in a
// language server), no console in the server (stdout is the protocol channel under --stdio), and
// the architecture's fences: the core is pure, the service never sees the transport.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Every Node built-in (fs, readline, stream, …), with and without the node: prefix.
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_'));
const nodeImports = [...new Set([...nodeBuiltins, ...nodeBuiltins.map((m) => (m.startsWith('node:') ? m : `node:${m}`))])];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', '.tsbuild/**', 'node_modules/**', '.e2e/**', '**/*.mjs', '**/*.js'] },
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
            {
              // A folder is imported as itself (its index) or by a file inside it: both forms are fenced.
              group: [
                '**/service',
                '**/service/**',
                '**/node',
                '**/node/**',
                '**/cli',
                '**/cli/**',
                '**/mcp',
                '**/mcp/**',
                '**/server',
                '**/protocol',
              ],
              message: 'The core depends on nothing outside itself (not even the protocol types).',
            },
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
            {
              group: [
                'vscode',
                'vscode-languageserver',
                'vscode-languageserver/**',
                'vscode-languageserver-protocol',
                'vscode-languageserver-protocol/**',
                'vscode-jsonrpc',
                'vscode-jsonrpc/**',
                'vscode-languageclient',
                'vscode-languageclient/**',
              ],
              message: 'The service never imports the transport or the editor.',
            },
            {
              group: ['**/node', '**/node/**', '**/cli', '**/cli/**', '**/mcp', '**/mcp/**', '**/server'],
              message: 'The service does not depend on the glue.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client is glue: it talks to the server through the protocol types and may reuse pure
    // core functions and the service's nesting guard (a text scan, so it cannot live in the core);
    // it never imports the rest of the service, the node glue, the CLI or the server itself.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/server/src/service/**',
                '!**/server/src/service/limits',
                '**/server/src/node',
                '**/server/src/node/**',
                '**/server/src/cli',
                '**/server/src/cli/**',
                '**/server/src/mcp',
                '**/server/src/mcp/**',
                '**/server/src/server',
              ],
              message: 'The client reaches the server through the protocol (server/src/protocol) only.',
            },
            {
              // The service's index (a folder imported as itself), apart: a folder pattern would hide the limits exception.
              regex: '(^|/)server/src/service/?$',
              message: 'The client reaches the server through the protocol (server/src/protocol) only.',
            },
          ],
        },
      ],
    },
  },
);
