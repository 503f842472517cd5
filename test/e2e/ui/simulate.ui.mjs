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
let input;
let rows;
/** Waits for the picker titled "IAM: Simulate Access (n/4)…". */
const step = (n) => s.page.locator('.quick-input-title', { hasText: `IAM: Simulate Access (${n}/4)` }).waitFor();
/** Runs the command from the palette, as typed by a person. */
async function runFromPalette() {
  await s.page.keyboard.press('F1');
  await input.waitFor();
  await input.fill('>IAM: Simulate Access');
  await rows.filter({ hasText: 'IAM: Simulate Access…' }).first().waitFor();
  await s.page.keyboard.press('Enter');
  // examples/ holds several models (the organization, a SAM application, a Terraform configuration).
  await step(1);
  await input.fill('organization.iam-model.json');
  await rows.filter({ hasText: 'organization.iam-model.json' }).first().waitFor();
  await s.page.keyboard.press('Enter');
}
/** The result view's document (the webview is an iframe in an iframe). */
const resultView = () => s.page.frameLocator('iframe.webview.ready').last().frameLocator('#active-frame');

before(async () => {
  s = await openWorkbench({ viewport: { width: 1400, height: 860 } });
  input = s.page.locator('.quick-input-widget input');
  rows = s.page.locator('.quick-input-list .monaco-list-row');
});
after(async () => {
  await s?.close();
});

test('the palette command asks for principal, actions and resource and shows the decisions with their explanation', async () => {
  const { page } = s;
  const check = async (action) => {
    await input.fill(action);
    const box = page.locator(`.quick-input-list .monaco-checkbox[aria-label$=" ${action}"]`);
    await box.waitFor();
    await box.click();
    await page.locator(`.quick-input-list .monaco-checkbox[aria-label$=" ${action}"][aria-checked="true"]`).waitFor();
  };

  await s.openFile('policies/developers.iam.json');
  await runFromPalette();

  await step(2);
  // The active editor's policy is offered first, then the model's principals.
  assert.match(normalizeText(await rows.first().innerText()), /The policy in the active editor\s*policies\/developers\.iam\.json/);
  await input.fill('alice');
  await rows.filter({ hasText: 'arn:aws:iam::111122223333:user/alice' }).first().waitFor();
  await page.keyboard.press('Enter');

  await step(3);
  await check('s3:GetObject');
  await check('s3:PutObject');
  // The count follows the checkboxes a moment later.
  await page.locator('.quick-input-widget', { hasText: '2 Selected' }).waitFor({ timeout: 5_000 });
  await page.locator('.quick-input-widget .monaco-button', { hasText: 'OK' }).click();

  await step(4);
  await input.fill(REPORT);
  await page.keyboard.press('Enter');

  const view = resultView();
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

test('a cross-account role assumption needs the external id its trust policy requires: supplied from the result view', async () => {
  const { page } = s;
  await runFromPalette();
  await step(2);
  await input.fill('auditor');
  await rows.filter({ hasText: 'arn:aws:iam::444455556666:user/auditor' }).first().waitFor();
  await page.keyboard.press('Enter');
  // The auditor can assume a role of the model: act as itself.
  await rows.filter({ hasText: 'As arn:aws:iam::444455556666:user/auditor itself' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(3);
  await input.fill('sts:AssumeRole');
  await rows.filter({ hasText: 'sts:AssumeRoleWithSAML' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(4);
  await input.fill('arn:aws:iam::111122223333:role/audit-role');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-title', { hasText: 'context keys' }).waitFor();
  assert.match(normalizeText(await rows.first().innerText()), /Provide values\s*sts:ExternalId/);
  // Run without the key first: the trust policy's condition fails, and the view offers the key.
  await input.fill('Run without');
  await rows.filter({ hasText: 'Run without them' }).first().waitFor();
  await page.keyboard.press('Enter');
  const view = resultView();
  await view.locator('h1', { hasText: 'auditor' }).waitFor({ timeout: 60_000 });
  let text = normalizeText(await view.locator('body').innerText());
  assert.match(text, /sts:AssumeRole\s+Implicit deny/);
  assert.match(text, /Cross-account request/);
  assert.match(text, /StringEquals sts:ExternalId: key is not present in the request \(policy: audit-2024; request: missing\)/);
  assert.match(text, /Missing context keys\s+sts:ExternalId\s+Provide values and re-run/);
  await view.locator('button', { hasText: 'Provide values and re-run' }).click();
  await page.locator('.quick-input-title', { hasText: 'Context key sts:ExternalId' }).waitFor();
  await input.fill('audit-2024');
  await page.keyboard.press('Enter');
  await resultView().locator('p.context', { hasText: 'sts:ExternalId=audit-2024' }).waitFor({ timeout: 60_000 });
  text = normalizeText(await resultView().locator('body').innerText());
  assert.match(text, /sts:AssumeRole\s+Allowed/);
  assert.doesNotMatch(text, /Missing context keys/);
});

test('a role is simulated as a session of the role, with session tags typed in', async () => {
  const { page } = s;
  await runFromPalette();
  await step(2);
  await input.fill('ec2-app-role');
  await rows.filter({ hasText: 'arn:aws:iam::111122223333:role/ec2-app-role' }).first().waitFor();
  await page.keyboard.press('Enter');
  await rows.filter({ hasText: 'Plain session' }).first().waitFor();
  assert.equal(await input.getAttribute('placeholder'), 'Session of arn:aws:iam::111122223333:role/ec2-app-role');
  await input.fill('With session tags');
  await rows.filter({ hasText: 'With session tags…' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-title', { hasText: 'Session tags' }).waitFor();
  await input.fill('team=platform');
  await page.keyboard.press('Enter');
  await step(3);
  await input.fill('s3:PutObject');
  await rows.filter({ hasText: 's3:PutObjectAcl' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(4);
  await input.fill('arn:aws:s3:::example-app-data/config/app.json');
  await page.keyboard.press('Enter');
  const view = resultView();
  await view.locator('h1', { hasText: 'assumed-role/ec2-app-role' }).waitFor({ timeout: 60_000 });
  const text = normalizeText(await view.locator('body').innerText());
  assert.match(text, /s3:PutObject\s+Allowed/);
  await view.locator('summary', { hasText: 'Request context' }).first().click();
  const context = normalizeText(await view.locator('table.context').first().innerText());
  assert.match(context, /aws:PrincipalTag\/team\s+platform/);
  assert.match(context, /aws:PrincipalType\s+AssumedRole/);
});

test('with a CloudFormation template open and no model importing it, the palette offers the template on its own and its principals with their ARNs', async () => {
  const { page } = s;
  // Quick Open, waiting for the template's own row (the result view of the test before may hold the focus).
  await page.keyboard.press('Control+P');
  await input.waitFor();
  await input.fill('cloudformation/app.yaml');
  const file = rows.filter({ hasText: 'app.yaml' }).filter({ hasText: 'cloudformation' }).first();
  await file.waitFor();
  await file.click();
  await page.locator('.tab[data-resource-name="app.yaml"]').first().waitFor();
  await page.locator('.monaco-editor .view-lines', { hasText: 'AWSTemplateFormatVersion' }).first().waitFor();
  await page.keyboard.press('F1');
  await input.waitFor();
  await input.fill('>IAM: Simulate Access');
  await rows.filter({ hasText: 'IAM: Simulate Access…' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(1);
  await input.fill('cloudformation/app.yaml');
  const model = rows.filter({ hasText: 'this template on its own' }).first();
  await model.waitFor();
  assert.match(normalizeText(await model.innerText()), /cloudformation\/app\.yaml\s*this template on its own: \d+ principals/);
  await page.keyboard.press('Enter');
  await step(2);
  await input.fill('WorkerRole');
  // No parameter names the account: the principal's account is ${AWS::AccountId}, with its stand-in in the ARN.
  const role = rows.filter({ hasText: 'arn:aws:iam::000000000000:role/WorkerRole' }).first();
  await role.waitFor();
  assert.match(normalizeText(await role.innerText()), /WorkerRole\s*\$\{AWS::AccountId\} · arn:aws:iam::000000000000:role\/WorkerRole/);
  await page.keyboard.press('Enter');
  await rows.filter({ hasText: 'Plain session' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(3);
  await input.fill('s3:PutObject');
  await rows.filter({ hasText: 's3:PutObjectAcl' }).first().waitFor();
  await page.keyboard.press('Enter');
  await step(4);
  await input.fill('arn:aws:s3:::example-reports/results/1.csv');
  await page.keyboard.press('Enter');
  const view = resultView();
  await view.locator('h1', { hasText: 'assumed-role/WorkerRole' }).waitFor({ timeout: 60_000 });
  const text = normalizeText(await view.locator('body').innerText());
  assert.match(text, /s3:PutObject\s+Allowed/);
  assert.match(text, /statement 'WriteResults'/);
});
