// The unit-test files and everything they import from the repository, compiled once by esbuild
// into one CommonJS file in the temporary folder, for the test workers (scripts/test-entry.mjs):
// a worker loads one file instead of resolving, reading and transforming several hundred modules
// through tsx, which halves what loading costs (every test file and the sources they use, in one
// process: about 1.3 s of CPU against 2.6 s through tsx). The bundle exports, for each test file
// (by its path relative to the repository), a function that runs the file's module the first time
// it is called: as under tsx, each module runs once per process, when first imported.
//
// Each module keeps its own `__dirname`, `__filename`, `import.meta.url` and `import.meta.dirname`
// (the tests find their data files with them); packages stay outside the bundle and load from the
// repository's node_modules (a link beside the bundle), as they do under tsx. A source map
// (node --enable-source-maps) gives failures their .ts files and lines.
//
// The bundle is kept and used again while none of its inputs (the files esbuild read) has
// changed; the record of them sits beside it, named after the list of test files.
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** `__dirname`, `__filename` and `import.meta` of the module at `path`, as it would see them run from its own file. */
function ownLocation(path, source) {
  const uses = /\b__dirname\b|\b__filename\b/.test(source);
  const text = source
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(path).href))
    .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(path)))
    .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(path));
  // Declared in the module's own scope: esbuild renames each module's copy apart.
  return uses ? `var __dirname = ${JSON.stringify(dirname(path))}, __filename = ${JSON.stringify(path)};\n${text}` : text;
}

/** Whether every input recorded for a bundle still has the size and time it had. */
function unchanged(inputs) {
  return inputs.every(([file, size, mtimeMs]) => {
    try {
      const s = statSync(file);
      return s.size === size && s.mtimeMs === mtimeMs;
    } catch {
      return false;
    }
  });
}

/**
 * The path of a bundle of `files` (test files, relative to `root` or absolute), built unless a
 * current one exists, and its inputs' import graph (esbuild's metafile `inputs`: path, relative
 * to `root` → `{ bytes, imports: [{ path, external? }] }`).
 */
export async function bundleTests(root, files) {
  const dir = join(tmpdir(), `iam-policy-studio-tests-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  const modules = join(dir, 'node_modules');
  if (!existsSync(modules)) {
    try {
      lstatSync(modules);
      rmSync(modules, { force: true }); // a dangling link
    } catch {
      // none yet
    }
    symlinkSync(join(root, 'node_modules'), modules, 'dir');
  }
  const keys = files.map((f) => relative(root, resolve(f)));
  // Named after the files and how they are built (this script, esbuild's version).
  const how = readFileSync(new URL(import.meta.url), 'utf8') + readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8');
  const name = `tests-${createHash('sha256').update(how).update(keys.join('\n')).digest('hex').slice(0, 12)}`;
  const bundle = join(dir, `${name}.cjs`);
  const record = join(dir, `${name}.inputs.json`);
  try {
    const { inputs, graph } = JSON.parse(readFileSync(record, 'utf8'));
    if (existsSync(bundle) && existsSync(`${bundle}.map`) && unchanged(inputs) && graph) {
      const now = new Date();
      utimesSync(record, now, now); // used now: kept by pruneBundles
      return { bundle, graph };
    }
  } catch {
    // no record, or a broken one: build
  }

  const esbuild = await import('esbuild');
  const entry = `module.exports = {\n${keys.map((k) => `  ${JSON.stringify(k)}: () => require(${JSON.stringify(`./${k}`)}),`).join('\n')}\n};\n`;
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: root, sourcefile: 'test-bundle-entry.js', loader: 'js' },
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    outfile: bundle,
    write: false,
    metafile: true,
    logLevel: 'error',
    plugins: [
      {
        name: 'own-location',
        setup(build) {
          build.onLoad({ filter: /\.[cm]?ts$/ }, ({ path }) => ({ contents: ownLocation(path, readFileSync(path, 'utf8')), loader: 'ts' }));
        },
      },
    ],
  });
  // Written under other names, then moved into place (the map first: the bundle names it).
  for (const out of [...result.outputFiles].sort((a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')))) {
    writeFileSync(`${out.path}.${process.pid}`, out.contents);
    renameSync(`${out.path}.${process.pid}`, out.path);
  }
  const inputs = Object.keys(result.metafile.inputs)
    .filter((p) => p !== 'test-bundle-entry.js' && !p.startsWith('<stdin>'))
    .map((p) => {
      const s = statSync(resolve(root, p));
      return [resolve(root, p), s.size, s.mtimeMs];
    });
  // What each source imports (the runner groups the test files by what they load: scripts/test-groups.mjs).
  const graph = Object.fromEntries(
    Object.entries(result.metafile.inputs).map(([p, { bytes, imports }]) => [
      p,
      { bytes, imports: imports.map((i) => (i.external ? { path: i.path, external: true } : { path: i.path })) },
    ]),
  );
  writeFileSync(`${record}.${process.pid}`, JSON.stringify({ inputs, graph }));
  renameSync(`${record}.${process.pid}`, record);
  pruneBundles(dir);
  return { bundle, graph };
}

/** How many bundles a checkout keeps (each file selection has its own: the unit run, the corpus run, single files). */
const KEPT_BUNDLES = 4;

/**
 * Removes all but the {@link KEPT_BUNDLES} most recently used bundles of `dir` (a bundle is used
 * when its record is written or found current), so the temp folder does not grow by a bundle
 * (2-7 MB with its map) for every file selection ever run.
 */
function pruneBundles(dir) {
  const used = readdirSync(dir)
    .filter((f) => /^tests-[0-9a-f]+\.inputs\.json$/.test(f))
    .map((f) => ({ name: f.slice(0, -'.inputs.json'.length), at: statSync(join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { name } of used.slice(KEPT_BUNDLES)) {
    for (const suffix of ['.inputs.json', '.cjs', '.cjs.map']) rmSync(join(dir, name + suffix), { force: true });
  }
}
