// "IAM: Simulate Access…" driven from the command palette as a person would (code-server +
// headless chromium via scripts/e2e/ui.mjs): pick alice, check two actions in the searchable list,
// type a resource ARN, then read the result view (a webview: two nested iframes) and follow a
// statement link into the policy. Saves out/e2e/screenshots/simulate-palette.png (the docs image
// comes from scripts/e2e/screenshot.mjs simulation).
// Run by scripts/e2e/run.mjs (node --test); needs `node scripts/build.mjs` first.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { normalizeText, openWorkbench } from '../../../scripts/e2e/ui.mjs';
import { repoRoot } from '../../../scripts/e2e/lib.mjs';

const REPORT = 'arn:aws:s3:::example-reports/2024/q1.csv';
let s;
before(async () => {
  s = await openWorkbench({ viewport: { width: 1400, height: 860 } });
});
after(async () => {
  await s?.close();
});

test('the palette command asks for principal, actions and resource and shows the decisions with their explanation', async () => {
  const { page } = s;
  const input = page.locator('.quick-input-widget input');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const step = (n) => page.locator('.quick-input-title', { hasText: `IAM: Simulate Access (${n}/4)` }).waitFor();
  const check = async (action) => {
    await input.fill(action);
    const box = page.locator(`.quick-input-list .monaco-checkbox[aria-label$=" ${action}"]`);
    await box.waitFor();
    await box.click();
  };

  await s.openFile('policies/developers.iam.json');
  await page.keyboard.press('F1');
  await input.waitFor();
  await input.fill('>IAM: Simulate Access');
  await rows.filter({ hasText: 'IAM: Simulate Access…' }).first().waitFor();
  await page.keyboard.press('Enter');

  await step(2);
  // The active editor's policy is offered first, then the model's principals.
  assert.match(normalizeText(await rows.first().innerText()), /The policy in the active editor\s*policies\/developers\.iam\.json/);
  await input.fill('alice');
  await rows.filter({ hasText: 'arn:aws:iam::111122223333:user/alice' }).first().waitFor();
  await page.keyboard.press('Enter');

  await step(3);
  await check('s3:GetObject');
  await check('s3:PutObject');
  assert.match(await page.locator('.quick-input-widget').innerText(), /2 Selected/);
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();

  await step(4);
  await input.fill(REPORT);
  await page.keyboard.press('Enter');

  const view = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await view.locator('table.matrix').waitFor({ timeout: 60_000 });
  const text = normalizeText(await view.locator('body').innerText());
  assert.match(text, /Simulate access: arn:aws:iam::111122223333:user\/alice/);
  assert.match(text, /1 Allowed\s+1 Implicit deny\s+Re-run/);
  assert.match(text, /s3:GetObject\s+Allowed/);
  assert.match(text, /s3:PutObject\s+Implicit deny/);
  assert.match(text, /Allowed by identity policy 'DevelopersAccess'/);
  assert.match(text, /Decided by\s+Allow DevelopersAccess: statement '[^']+'/);

  // Following the link opens the policy at the statement, beside the view.
  await view.locator('a.file-link').first().click();
  await page.locator('.tab.active[data-resource-name="developers.iam.json"]').first().waitFor();
  await page.locator('.monaco-editor .selected-text').first().waitFor();
  await s.screenshot(join(repoRoot, 'out', 'e2e', 'screenshots', 'simulate-palette.png'));
});
