/**
 * The architecture's fences (README, "Invariants") fail when crossed: the lint configuration
 * rejects a core file that reads files or imports the protocol, a service file that imports the
 * glue, and a client file that imports the server's internals; every package the code imports
 * (product, tests, benches, scripts) is declared in package.json. Part of `npm run lint` (after ESLint itself), not of the unit tests:
 * loading ESLint's configuration and a TypeScript program is most of its cost, and it tests the
 * lint and typecheck set-up rather than the product.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = join(__dirname, '..', '..');

let linter: ESLint | undefined;

/** The import-fence messages ESLint gives `text` as if it were at `file` (syntax rules only: no type information needed). */
async function fenceMessages(file: string, text: string): Promise<string[]> {
  // One ESLint for every case: loading the configuration is the slow part. The repository's
  // configuration decides; only the rule that holds the fences runs (the others' messages are not read).
  const eslint = (linter ??= new ESLint({
    cwd: root,
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
    overrideConfig: {
      languageOptions: { parserOptions: { projectService: false, project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-unused-vars': 'off' },
    },
  }));
  const [result] = await eslint.lintText(text, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: { file: string; import: string; crosses: boolean }[] = [
  { file: 'server/src/core/probe.ts', import: 'node:readline', crosses: true },
  { file: 'server/src/core/probe.ts', import: 'stream', crosses: true },
  { file: 'server/src/core/probe.ts', import: 'node:fs', crosses: true },
  { file: 'server/src/core/probe.ts', import: '../protocol', crosses: true },
  { file: 'server/src/core/evaluator/probe.ts', import: '../../service/parse', crosses: true },
  { file: 'server/src/core/probe.ts', import: '../service', crosses: true },
  { file: 'server/src/core/probe.ts', import: '../node', crosses: true },
  { file: 'server/src/core/probe.ts', import: 'vscode-languageserver-types', crosses: true },
  { file: 'server/src/core/probe.ts', import: './wildcard', crosses: false },
  { file: 'server/src/service/probe.ts', import: 'node:fs', crosses: true },
  { file: 'server/src/service/probe.ts', import: '../node/catalogFile', crosses: true },
  { file: 'server/src/service/probe.ts', import: '../node', crosses: true },
  { file: 'server/src/service/probe.ts', import: 'vscode-jsonrpc', crosses: true },
  { file: 'server/src/service/probe.ts', import: 'vscode-languageserver-protocol', crosses: true },
  { file: 'server/src/service/probe.ts', import: 'vscode-languageserver-types', crosses: false },
  { file: 'server/src/service/probe.ts', import: '../protocol', crosses: false },
  { file: 'server/src/service/probe.ts', import: '../core/wildcard', crosses: false },
  { file: 'client/src/probe.ts', import: '../../server/src/service/index', crosses: true },
  { file: 'client/src/probe.ts', import: '../../server/src/service', crosses: true },
  { file: 'client/src/probe.ts', import: '../../server/src/service/limits', crosses: false },
  { file: 'client/src/probe.ts', import: '../../server/src/node/catalogFile', crosses: true },
  { file: 'client/src/probe.ts', import: '../../server/src/server', crosses: true },
  { file: 'client/src/probe.ts', import: '../../server/src/protocol', crosses: false },
  { file: 'client/src/probe.ts', import: '../../server/src/core/policyType', crosses: false },
];

test('lint rejects imports across the fences, and only those', async () => {
  for (const c of cases) {
    const messages = await fenceMessages(c.file, `import * as probe from '${c.import}';\nexport const used = probe;\n`);
    assert.equal(messages.length > 0, c.crosses, `${c.file} importing ${c.import}: ${messages.join('; ') || 'no fence message'}`);
  }
});

/** Source files under `dir` (TypeScript and JavaScript), leaving out data folders and installed packages. */
function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (!SKIPPED.has(name)) sources(p, out);
    } else if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** Test inputs and fixtures (data, not code the repository runs), installed packages. */
const SKIPPED = new Set(['node_modules', 'data', 'fixtures']);

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** Every module specifier of `text`: static imports and re-exports, side-effect imports, `import()`, `require()` and `require.resolve()`. */
export function importedSpecifiers(text: string): string[] {
  const forms =
    /(?:^\s*(?:import|export)\b[^'";]*?\bfrom\s+|^\s*import\s+|\bimport\s*\(\s*|\brequire(?:\.resolve)?\s*\(\s*)['"]([^'"]+)['"]/gm;
  return [...text.matchAll(forms)].map((m) => m[1] as string);
}

test('the import forms are all read', () => {
  const text = [
    "import a from 'one';",
    "import type { B } from '@scope/two/sub';",
    "export { c } from 'three';",
    "import 'four';",
    "const d = await import('five');",
    "const e = require('six');",
    "const f = require.resolve('seven/package.json');",
    "import {\n  g,\n} from 'eight';",
  ].join('\n');
  assert.deepEqual(importedSpecifiers(text).map(packageOf), ['one', '@scope/two', 'three', 'four', 'five', 'six', 'seven', 'eight']);
});

test('every package the code imports (client, server, tests, benches, scripts) is declared in package.json', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
  const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {}), 'vscode']);
  const builtins = new Set(builtinModules);
  const missing: string[] = [];
  const files = ['client/src', 'server/src', 'test', 'bench', 'scripts'].flatMap((dir) => sources(join(root, dir)));
  assert.ok(files.length > 300, `the sources are found (${files.length})`);
  // This file's own samples of the import forms are not imports.
  for (const file of files.filter((f) => f !== __filename)) {
    for (const spec of importedSpecifiers(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtins.has(spec)) continue;
      if (!declared.has(packageOf(spec))) missing.push(`${file.slice(root.length + 1)}: ${spec}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the core project has no Node or DOM globals: a core file using process or document does not typecheck', async () => {
  const ts = await import('typescript');
  const configPath = join(root, 'server', 'src', 'core', 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  assert.ok(config, 'server/src/core/tsconfig.json parses');
  const probe = join(root, 'server', 'src', 'core', '__probe__.ts');
  const sources: Record<string, string> = {
    [probe]: 'export const a: number = [1].length;\nexport const b = process.pid;\nexport const c = document.title;\n',
  };
  const host = ts.createCompilerHost(config.options);
  const read = host.readFile.bind(host);
  host.readFile = (f) => sources[f] ?? read(f);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => f in sources || exists(f);
  const program = ts.createProgram([probe], { ...config.options, composite: false, noEmit: true }, host);
  // The probe's own diagnostics only: checking every declaration file of the program is not needed
  // to know which names the probe cannot find.
  const probeFile = program.getSourceFile(probe);
  assert.ok(probeFile, 'the probe is in the program');
  const unknownNames = [...program.getSyntacticDiagnostics(probeFile), ...program.getSemanticDiagnostics(probeFile)]
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .map((m) => /Cannot find name '(\w+)'/.exec(m)?.[1]);
  assert.deepEqual(unknownNames.sort(), ['document', 'process']);
});
