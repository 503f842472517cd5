/**
 * The `iam-policy-studio` executable (dist/cli.js). `evaluate` is often run over large batches
 * from scripts, once per batch: its code is bundled here so that it starts without loading the
 * full CLI (dist/cli-main.js: every command, the language server, the MCP server — most of a
 * start-up's time is compiling that bundle). Every other command loads the full CLI (main.ts).
 */
import { evaluateCommand } from './evaluate';
import { runProcess } from './processRun';

const argv = process.argv.slice(2);
if (argv[0] === 'evaluate') runProcess((args, io) => evaluateCommand.run(args.slice(1), io), argv);
else {
  // Resolved next to this file at run time (external to this bundle; scripts/build.mjs).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const full = require('./cli-main.js') as typeof import('./main');
  runProcess(full.runCli, argv);
}
