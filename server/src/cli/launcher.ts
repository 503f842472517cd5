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
import { runBundle } from './codeCache';

runBundle({ dir: __dirname, name: 'cli-bin', module, require, filename: __filename, label: 'code cache' });
