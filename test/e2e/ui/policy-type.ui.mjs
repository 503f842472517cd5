// The policy type in the status bar, as a person sees and changes it (code-server + headless
// chromium via scripts/e2e/ui.mjs): a trust policy shows "Role trust policy"; clicking it and
// choosing SCP re-checks the file with the SCP rules (its Principal becomes an error); choosing
// "Detect automatically" restores the type from the content.
// Run by scripts/e2e/run.mjs (node --test); needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openWorkbench } from '../../../scripts/e2e/ui.mjs';

let s;
before(async () => {
  s = await openWorkbench();
});
after(async () => {
  await s?.close();
});

/** The status bar item whose text includes `label`. */
const statusItem = (label) => s.page.locator('.statusbar-item', { hasText: label }).first();

/** Picks `label` in the open quick pick. */
async function pick(label) {
  const input = s.page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(label);
  await s.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await s.page.keyboard.press('Enter');
  await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

test('the status bar shows the policy type, and choosing another re-checks the file', async () => {
  await s.openFile('policies/ec2-trust.iam.json');
  await statusItem('Role trust policy').waitFor();
  assert.equal(await s.page.locator('.monaco-editor .squiggly-error').count(), 0);

  await statusItem('Role trust policy').click();
  await pick('Service control policy (SCP)');
  await statusItem('Service control policy (SCP)').waitFor();
  await s.waitFor('.monaco-editor .squiggly-error');
  const problems = await s.problems(1);
  assert.match(problems, /SCPs do not support Principal/);

  // The item again (the palette helper waits for the quick input to close, but the command opens another).
  await statusItem('Service control policy (SCP)').click();
  await pick('Detect automatically');
  await statusItem('Role trust policy').waitFor();
});
