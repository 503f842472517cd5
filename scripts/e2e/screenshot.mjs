// Saves a screenshot of the extension at work in a real VS Code (code-server + headless chromium).
//   node scripts/e2e/screenshot.mjs [--file mistakes/effect-and-syntax.iam.json] [--out docs/images/diagnostics.png]
// The default shows a broken policy with its squiggles and the Problems panel. For other shots
// (completion, quick fix, simulation), use the helpers in ui.mjs the same way.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { openWorkbench } from './ui.mjs';
import { repoRoot } from './lib.mjs';

const { values } = parseArgs({
  options: {
    file: { type: 'string', default: 'mistakes/effect-and-syntax.iam.json' },
    out: { type: 'string', default: 'docs/images/diagnostics.png' },
    errors: { type: 'string', default: '2' },
  },
});

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const s = await openWorkbench();
try {
  await s.openFile(values.file);
  await s.waitFor('.monaco-editor .squiggly-error');
  const problems = await s.problems(Number(values.errors));
  console.log(`Problems panel:\n${problems}`);
  // Back to the editor, and show the first error's hover as a user pointing at it would see it.
  await s.runCommand('View: Focus Active Editor Group');
  console.log(`hover: ${await s.hover('.monaco-editor .squiggly-error')}`);
  await s.screenshot(values.out);
  console.log(`saved ${values.out}`);
} finally {
  await s.close();
}
