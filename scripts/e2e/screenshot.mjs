// Saves screenshots of the extension at work in a real VS Code (code-server + headless chromium).
//   node scripts/e2e/screenshot.mjs [scenario…] [--out-dir docs/images]
// Each scenario drives the UI with the helpers of ui.mjs and saves <out-dir>/<scenario>.png.
// Add a scenario (completion popup, quick fix, simulation view…) as one more entry below.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openWorkbench } from './ui.mjs';
import { repoRoot } from './lib.mjs';

/** name → async (session) => void; the PNG is taken when the function returns. */
const scenarios = {
  /** A broken policy with its squiggles, the first error's hover and the Problems panel. */
  async diagnostics(s) {
    await s.openFile('mistakes/effect-and-syntax.iam.json');
    await s.waitFor('.monaco-editor .squiggly-error');
    console.log(`Problems panel:\n${await s.problems(2)}`);
    await s.runCommand('View: Focus Active Editor Group');
    console.log(`hover: ${await s.hover('.monaco-editor .squiggly-error')}`);
  },
};

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'out-dir': { type: 'string', default: join(repoRoot, 'docs', 'images') } },
});
const names = positionals.length > 0 ? positionals : Object.keys(scenarios);
const unknown = names.filter((n) => !(n in scenarios));
if (unknown.length > 0) {
  console.error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

for (const name of names) {
  // A fresh workbench per scenario, so one shot's editors and panels never leak into the next.
  const s = await openWorkbench();
  try {
    await scenarios[name](s);
    const out = join(values['out-dir'], `${name}.png`);
    await s.screenshot(out);
    console.log(`saved ${out}`);
  } finally {
    await s.close();
  }
}
