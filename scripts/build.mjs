// Bundles the extension client, the language server and the CLI with esbuild.
// `node scripts/build.mjs [--watch] [--production]`
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// The service catalog (dist/catalog.json) ships next to the bundles; regenerate it when stale.
import { ensureCatalog } from './catalog/ensure.mjs';
ensureCatalog();
// AWS managed policies (dist/managed-policies.jsonl), read only when a model references one.
import { ensureManagedPolicies } from './build-managed-policies.mjs';
ensureManagedPolicies();

// The Terraform parser (tree-sitter's runtime and HCL grammar, WebAssembly) loads these next to the bundles.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), 'dist/web-tree-sitter.wasm');
copyFileSync(
  join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
  'dist/tree-sitter-terraform.wasm',
);

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // web-tree-sitter's ESM build locates itself with import.meta.url, which a CommonJS bundle does
  // not have: bundle its CommonJS build (the loader is given the .wasm paths in dist/).
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  // jsonc-parser and vscode-json-languageservice ship UMD builds whose dynamic requires esbuild
  // cannot follow; their ESM builds bundle cleanly.
  mainFields: ['module', 'main'],
  // web-tree-sitter (the Terraform parser) is an ES module that finds itself with import.meta.url,
  // which a CommonJS bundle does not have: give it the bundle's own file URL.
  define: { 'import.meta.url': '__bundle_import_meta_url' },
  inject: ['scripts/import-meta-url.mjs'],
};

const noDynamicImport = { supported: { 'dynamic-import': false } };

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The executable (package.json's bin): runs dist/cli-bin.js from its V8 code cache (launcher.ts).
  {
    entryPoints: ['server/src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    external: ['vscode', './cli-bin.js'],
  },
  // The bin: `evaluate` bundled in, every other command from dist/cli-main.js (see bin.ts). Both
  // run from V8 code caches through `vm`, which has no loader for `import()`: esbuild writes what
  // it does not bundle (web-tree-sitter's `import("fs/promises")`) as `require`.
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli-bin.js', external: ['vscode', './cli-main.js'], ...noDynamicImport },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli-main.js', ...noDynamicImport },
];

if (watch) {
  for (const b of builds) await (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  codeCache();
}

/**
 * dist/cli-bin.cache: V8's code cache for dist/cli-bin.js as just built, made after a warm-up run
 * (scripts/cli-code-cache.ts, in a process of its own). Not in watch mode: the executable ignores
 * a cache made for other text than the bundle's, and compiles the bundle from source.
 */
function codeCache() {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/cli-code-cache.ts'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) {
    console.error(`scripts/cli-code-cache.ts failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}
