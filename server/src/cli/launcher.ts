/**
 * The `iam-policy-studio` executable (dist/cli.js): runs the bin (bin.ts, bundled as
 * dist/cli-bin.js) from the V8 code cache made with the build (dist/cli-bin.cache, see
 * codeCache.ts), as if the bin were this file: same module, `require`, `__filename` and
 * `__dirname`. Without a usable cache the bundle is compiled from its source, with the same
 * behaviour. With source maps on (`--enable-source-maps`) the bundle is loaded with `require`,
 * which registers its source map (a script compiled through `vm` gets none on Node 20).
 *
 * `NODE_DEBUG=iam-policy-studio` prints whether the cache was used.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debuglog } from 'node:util';
import { cachedDataFor, compileBundle } from './codeCache';

if (sourceMapsEnabled()) {
  debug('not used (source maps on)');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./cli-bin.js');
} else {
  const file = join(__dirname, 'cli-bin.js');
  const source = readFileSync(file);
  const cacheBytes = readCache();
  const data = cachedDataFor(cacheBytes, source);
  const { run, cache } = compileBundle(source.toString('utf8'), file, data);
  debug(cacheBytes === undefined ? 'none' : data === undefined ? 'made for other source' : cache);
  run.call(module.exports, module.exports, require, module, __filename, __dirname);
}

/** `NODE_DEBUG=iam-policy-studio`: says how the bundle was loaded. Node's logger is made only then (~1 M instructions). */
function debug(what: string): void {
  if (process.env.NODE_DEBUG) debuglog('iam-policy-studio')('code cache: %s', what);
}

/** The cache file's bytes; undefined when there is none (a build without it) or it cannot be read. */
function readCache(): Buffer | undefined {
  try {
    return readFileSync(join(__dirname, 'cli-bin.cache'));
  } catch {
    return undefined;
  }
}

function sourceMapsEnabled(): boolean {
  const p = process as { sourceMapsEnabled?: boolean };
  // process.sourceMapsEnabled is Node ≥ 20.7; before, the option itself.
  return p.sourceMapsEnabled ?? [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].includes('--enable-source-maps');
}
