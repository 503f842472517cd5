/**
 * The `iam-policy-studio` executable's bundle (dist/cli-bin.js, run by dist/cli.js from its V8 code
 * cache: launcher.ts). `evaluate` is often run over large batches
 * from scripts, once per batch: its code is bundled here so that it starts without loading the
 * full CLI (dist/cli-main.js: every command, the language server, the MCP server — most of a
 * start-up's time is compiling that bundle). Usage and `--version` are answered here too
 * (usage.ts; the catalog's line read from the file's first bytes, catalogSelect.ts); every other
 * command loads the full CLI (main.ts), which answers them the same way when run on its own.
 */
import { setFlagsFromString } from 'node:v8';
import { catalogVersionLineFromHead } from '../node/catalogSelect';
import { runBundle } from './codeCache';
import { evaluateCommand } from './evaluate';
import { runProcess } from './processRun';
import { answerWithoutCommand } from './usage';

const argv = process.argv.slice(2);
const answer = argv[0] === 'evaluate' ? undefined : answerWithoutCommand(argv, catalogVersionLineFromHead);
if (argv[0] === 'evaluate') {
  runProcess((args, io) => evaluateCommand.run(args.slice(1), io), argv);
  // After runProcess has synchronously loaded what the run needs from Node (see below).
  optimiseForBatches();
} else if (answer !== undefined) {
  // Usage, a usage error, `--version` (the catalog's line from its first bytes): nothing else loaded.
  runProcess(async (_args, io) => {
    if (answer.stdout) io.stdout.write(answer.stdout);
    if (answer.stderr) io.stderr.write(answer.stderr);
    return answer.code;
  }, argv);
} else {
  // dist/cli-main.js, next to this file (external to this bundle; scripts/build.mjs), from its
  // own code cache (dist/cli-main.cache) as this bundle is run from its own (codeCache.ts).
  const full = { exports: {} as typeof import('./main') };
  runBundle({ dir: __dirname, name: 'cli-main', module: full, require, label: 'code cache (cli-main.js)' });
  runProcess(full.exports.runCli, argv);
}

/**
 * An `evaluate` process of a typical batch (10,000 lines) spends most of its CPU warming up, and
 * most of that is V8's optimising compiler (TurboFan) compiling the evaluator's hot functions with
 * everything they call inlined into them (~600 ms of compile-thread time on the bench's batch).
 * Inlining only small functions (bytecode up to 60 bytes; V8's default is 460) cuts that compile
 * work by about half and the process's CPU by 10–25% (10,000 and 40,000 lines, with and without
 * --brief), while the warm rate stays the same. Only optimisation heuristics change (never
 * results), for this process only: it runs nothing but `evaluate`. Set before any function is
 * hot enough to be optimised, so every optimised compile uses it.
 *
 * Set only once start-up has loaded Node's own modules (stdout and stdin streams, net, parseArgs,
 * fs): a V8 flag changed at run time changes the flag hash that V8 checks code caches against, so
 * every built-in module loaded after it is compiled from source instead of from Node's embedded
 * code cache (set first, ~14 M more instructions, ~10% of an empty run's start-up).
 *
 * The young generation does not grow (`--semi-space-growth-factor=1`): explanations are short-lived
 * garbage made at a high rate, and V8 otherwise widens its semi-spaces as a batch goes on, so an
 * explained run's peak memory rose with the number of lines although the live heap stays ~5 MB.
 * Measured on the bench's batch (explained, stdout a file, 6 runs each, load ~1.5, 2026-12-04):
 * peak RSS 60 / 63–72 / 72–77 MB at 10k / 40k / 160k lines against 70 / 73–105 / 106–112 MB,
 * with the same CPU time within noise (10k 0.42–0.49 s against 0.43–0.55 s); `--brief` unchanged
 * (56–58 MB). `--max-semi-space-size` would have the same aim but is read only when the heap is
 * made, before any script runs.
 */
function optimiseForBatches(): void {
  setFlagsFromString('--max-inlined-bytecode-size=60');
  setFlagsFromString('--semi-space-growth-factor=1');
}
