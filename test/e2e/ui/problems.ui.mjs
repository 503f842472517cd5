// Drives the real workbench as a person would (code-server + headless chromium via
// scripts/e2e/ui.mjs): opens a broken policy from the Quick Open box and reads what is on screen —
// the squiggles, the hover, the Problems panel and the language in the status bar.
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

test('a broken policy shows its errors in the editor and the Problems panel', async () => {
  await s.openFile('mistakes/effect-and-syntax.iam.json');
  await s.waitFor('.monaco-editor .squiggly-error');
  assert.equal(await s.page.locator('.monaco-editor .squiggly-error').count(), 2);
  const problems = await s.problems(2);
  assert.match(problems, /`Effect` must be "Allow" or "Deny", found "allow"\.\s+iam-policy-studio\s+INVALID_EFFECT\s+\[Ln 6, Col 17\]/);
  assert.match(problems, /Trailing comma: AWS accepts strict JSON only\.\s+iam-policy-studio\s+JSON_SYNTAX_ERROR\s+\[Ln 8, Col 51\]/);
  assert.equal(await s.text('.statusbar-item[id="status.editor.mode"]'), 'IAM Policy');
});

test('pointing at "allow" shows the Effect error', async () => {
  await s.runCommand('View: Focus Active Editor Group');
  const hover = await s.hover(s.token('"allow"'));
  assert.match(hover, /`Effect` must be "Allow" or "Deny", found "allow"\./);
});
