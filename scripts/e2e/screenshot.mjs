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
  /** A misspelled action (typed, not saved), its squiggle and the quick fix menu that corrects it. */
  async 'quick-fix'(s) {
    await s.openFile('policies/developers.iam.json');
    await goTo(s, '13:39'); // after "ec2:DescribeInstances"
    await s.pressKeys('Backspace');
    await s.waitFor('.monaco-editor .squiggly-error');
    await s.pressKeys('Control+.');
    await s.waitFor('.action-widget');
    console.log(`quick fixes: ${await s.text('.action-widget')}`);
  },
  /** Action completion inside an Action string: the catalog's actions with their access level. */
  async 'completion-actions'(s) {
    await s.openFile('policies/developers.iam.json');
    await goTo(s, '13:39');
    for (let i = 0; i < 'DescribeInstances'.length; i++) await s.pressKeys('Backspace');
    await s.type('Start');
    await s.pressKeys('Control+Space');
    await s.waitFor('.suggest-widget .monaco-list-row');
    console.log(`suggestions: ${await s.text('.suggest-widget')}`);
  },
  /** ARN completion in a Resource string: the ARN formats of the statement's actions. */
  async 'completion-arns'(s) {
    await s.openFile('policies/developers.iam.json');
    await goTo(s, '8:21'); // start of the first Resource ARN
    for (let i = 0; i < 'arn:aws:s3:::example-reports'.length; i++) await s.pressKeys('Delete');
    await s.pressKeys('Control+Space');
    await s.waitFor('.suggest-widget .monaco-list-row');
    console.log(`suggestions: ${await s.text('.suggest-widget')}`);
  },
  /** An access test's code lens in the model, run: the simulation result with the deciding statement. */
  async simulation(s) {
    await s.openFile('organization.iam-model.json');
    await goTo(s, '64:1'); // the tests: "the reports bucket refuses plain HTTP" is the second
    const lens = s.page.locator('.codelens-decoration a', { hasText: 'passes' });
    await lens.nth(1).waitFor({ state: 'visible', timeout: 60_000 });
    await lens.nth(1).click();
    await s.page.locator('.tab', { hasText: 'IAM Access Simulation' }).first().waitFor();
    const view = s.page.frameLocator('iframe.webview').first().frameLocator('iframe').first();
    await view.locator('h1').waitFor({ timeout: 60_000 });
    console.log(`simulation: ${await view.locator('body').innerText()}`);
  },
};

/** Moves the cursor with Go to Line/Column (`line:column`, 1-based). */
async function goTo(s, where) {
  await s.pressKeys('Control+G');
  await s.page.locator('.quick-input-widget input').waitFor();
  await s.type(where);
  await s.pressKeys('Enter');
  await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

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
