/**
 * A V8 code cache for the bin's bundle (dist/cli-bin.js, from bin.ts): the bytecode of its
 * functions, made when the CLI is built (scripts/cli-code-cache.ts, after a warm-up run of
 * `evaluate`, so that the functions a run calls are in it), read by the executable (launcher.ts).
 * A run then neither parses the bundle nor compiles each function on its first call: on the
 * bench's 10,000-line `evaluate --brief` batch ~40 M of the main thread's ~735 M instructions
 * (~11 M of an empty run's ~130 M; reading the cache costs ~10 M of it), explained ~59 M of ~1,356 M. Node 20 has no
 * `module.enableCompileCache`, so the bundle is compiled through `vm.Script`, wrapped as Node
 * wraps a CommonJS module, and run with the executable's own module, `require` and paths.
 *
 * The cache is only ever an optimisation: V8 rejects one made by another V8 version or under
 * other V8 flags, and this module rejects one that was made for other source text, is cut short
 * or changed (V8 verifies a checksum of its data, see {@link CHECKSUM_ON}). Rejected or missing,
 * the bundle is compiled from its source as without a cache: same behaviour, a slower start.
 * Nothing is written at run time.
 *
 * File format: {@link MAGIC} (8 bytes), the source's length in bytes (uint32 LE), 4 zero bytes,
 * the source itself (so a cache is only used with the exact text it was made from: V8 itself
 * checks only the source's length), zero bytes up to a multiple of 8, then V8's cached data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debuglog } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const MAGIC = 'IAMSCC01';
const HEADER = 16;

/**
 * V8 checks a code cache's checksum only with this flag (by default only in debug builds), and
 * the flag is part of the flag hash that a cache must match: it is set while a cache is made and
 * while one is read, and unset right after. Unset, the flags are as before (the hash too), so
 * Node's own built-in modules loaded later still match Node's embedded code cache.
 */
export const CHECKSUM_ON = '--verify-snapshot-checksum';
export const CHECKSUM_OFF = '--no-verify-snapshot-checksum';

/** The parameters Node gives a CommonJS module's function. */
export type ModuleFunction = (exports: unknown, require: NodeJS.Require, module: NodeJS.Module, filename: string, dirname: string) => void;

/** The bundle's source as a script whose value is the module's function (as Node wraps CommonJS). */
function wrap(source: string): string {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** Where V8's data starts in a cache file made for a source of `sourceBytes` bytes. */
function dataStart(sourceBytes: number): number {
  return HEADER + Math.ceil(sourceBytes / 8) * 8;
}

/** A cache file's contents for `source` (the bundle's bytes) and V8's `data`. */
export function cacheFile(source: Buffer, data: Buffer): Buffer {
  const out = Buffer.alloc(dataStart(source.length) + data.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(source.length, 8);
  source.copy(out, HEADER);
  data.copy(out, dataStart(source.length));
  return out;
}

/** V8's data in `file` when it was made for exactly `source`; undefined otherwise. */
export function cachedDataFor(file: Buffer | undefined, source: Buffer): Buffer | undefined {
  if (file === undefined || file.length < HEADER || file.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
  const at = dataStart(source.length);
  if (file.readUInt32LE(8) !== source.length || file.length <= at) return undefined;
  return source.equals(file.subarray(HEADER, HEADER + source.length)) ? file.subarray(at) : undefined;
}

/** How a bundle was compiled: with its cache, without one, or with one V8 refused. */
export type CacheUse = 'used' | 'none' | 'rejected';

/** The bundle compiled (from `data`, V8's part of a cache, when given and accepted): its script and module function. */
export function compileBundle(
  source: string,
  filename: string,
  data: Buffer | undefined,
): { script: Script; run: ModuleFunction; cache: CacheUse } {
  if (data !== undefined) setFlagsFromString(CHECKSUM_ON);
  let script: Script;
  try {
    script = new Script(wrap(source), { filename, cachedData: data });
  } finally {
    if (data !== undefined) setFlagsFromString(CHECKSUM_OFF);
  }
  const cache: CacheUse = data === undefined ? 'none' : script.cachedDataRejected === true ? 'rejected' : 'used';
  return { script, run: script.runInThisContext() as ModuleFunction, cache };
}

/** V8's cached data for `script` (compiled by {@link compileBundle}) as it is now: every function compiled so far. */
export function createCachedData(script: Script): Buffer {
  setFlagsFromString(CHECKSUM_ON);
  try {
    return script.createCachedData();
  } finally {
    setFlagsFromString(CHECKSUM_OFF);
  }
}

/** A bundle to run (see {@link runBundle}). */
export interface Bundle {
  /** Its folder (dist/), given to it as `__dirname`. */
  readonly dir: string;
  /** `<name>.js` is the bundle, `<name>.cache` its code cache. */
  readonly name: string;
  /** The module it runs as (its `module.exports` is what it exports). */
  readonly module: { exports: unknown };
  readonly require: NodeJS.Require;
  /** Its `__filename` when it runs from `vm`: by default `dir/<name>.js`. */
  readonly filename?: string;
  /** What NODE_DEBUG's line starts with. */
  readonly label: string;
}

/**
 * Runs the bundle `dir/<name>.js` as the CommonJS module `module` (with `require`, and `dir` as
 * its folder): from its code cache `dir/<name>.cache` when there is one made for exactly this text
 * and V8 accepts it, else compiled from its source (same behaviour, a slower start). With source
 * maps on (`--enable-source-maps`) the bundle is loaded with `require` (a script compiled through
 * `vm` gets no source map on Node 20), and its exports become `module`'s. A bundle run this way
 * must not use `import()` (a `vm` script has no loader for it; scripts/cli-code-cache.ts refuses
 * such a bundle). `NODE_DEBUG=iam-policy-studio` prints how, after `label`.
 */
export function runBundle(bundle: Bundle): void {
  const { dir, name, module, require, label } = bundle;
  const file = join(dir, `${name}.js`);
  if (sourceMapsEnabled()) {
    debug(label, 'not used (source maps on)');
    module.exports = require(file) as unknown;
    return;
  }
  const source = readFileSync(file);
  const cacheBytes = readCache(join(dir, `${name}.cache`));
  const data = cachedDataFor(cacheBytes, source);
  const { run, cache } = compileBundle(source.toString('utf8'), file, data);
  debug(label, cacheBytes === undefined ? 'none' : data === undefined ? 'made for other source' : cache);
  run.call(module.exports, module.exports, require, module as NodeJS.Module, bundle.filename ?? file, dir);
}

/** `NODE_DEBUG=iam-policy-studio`: says how a bundle was loaded. Node's logger is made only then (~1 M instructions). */
function debug(label: string, what: string): void {
  if (process.env.NODE_DEBUG) debuglog('iam-policy-studio')('%s: %s', label, what);
}

/** The cache file's bytes; undefined when there is none (a build without it) or it cannot be read. */
function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function sourceMapsEnabled(): boolean {
  const p = process as { sourceMapsEnabled?: boolean };
  // process.sourceMapsEnabled is Node ≥ 20.7; before, the option itself.
  return p.sourceMapsEnabled ?? [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
}
