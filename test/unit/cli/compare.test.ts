/**
 * `compare` as a user runs it: exit codes (1 new access, 0 none, 2 usage), the JSON shape with a
 * counterexample that `evaluate` accepts, and `--base` reading the old version from git.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliCaptured } from '../../helpers/cli';
import { tempDir } from '../../helpers/tempDir';

const narrow = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::reports/*' }],
};
const wide = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ReadAll', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::*' }],
};

function folder(t: TestContext, files: Record<string, unknown>): string {
  const dir = tempDir(t, 'iam-compare-');
  for (const [name, value] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  return dir;
}

test('compare exits 1 and prints a verified counterexample when the new version grants more', async (t) => {
  const cwd = folder(t, { 'old.json': narrow, 'new.json': wide });
  const r = await runCliCaptured(['compare', 'old.json', 'new.json', '--format', 'json'], { cwd });
  assert.equal(r.code, 1, r.err);
  const out = JSON.parse(r.out);
  assert.equal(out.newAccess, true);
  assert.equal(out.counterexample.action, 's3:GetObject');
  assert.ok(!String(out.counterexample.resource).startsWith('arn:aws:s3:::reports/'));
  assert.equal(out.counterexamples[0].allowedBy[0].sid, 'ReadAll');
  assert.match(out.catalog, /iam-data/);
  // The counterexample pastes into `evaluate`: allowed by the new version, not by the old one.
  const line = (p: unknown) => JSON.stringify({ identityPolicies: [p], request: out.counterexample });
  const ev = await runCliCaptured(['evaluate', '-'], { cwd, stdin: `${line(wide)}\n${line(narrow)}\n` });
  const [a, b] = ev.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(a.decision, 'Allowed');
  assert.equal(b.decision, 'ImplicitDeny');
});

test('compare exits 0 when the new version grants nothing new, and says so', async (t) => {
  const cwd = folder(t, { 'old.json': wide, 'new.json': narrow });
  const r = await runCliCaptured(['compare', 'old.json', 'new.json'], { cwd });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /grants no new access/);
});

test('compare --all lists one counterexample per reason', async (t) => {
  const more = {
    Version: '2012-10-17',
    Statement: [wide.Statement[0], { Sid: 'Put', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::reports/*' }],
  };
  const cwd = folder(t, { 'old.json': narrow, 'new.json': more });
  const r = await runCliCaptured(['compare', 'old.json', 'new.json', '--all', '--format', 'json'], { cwd });
  assert.equal(r.code, 1);
  const sids = new Set(JSON.parse(r.out).counterexamples.flatMap((c: { allowedBy: { sid: string }[] }) => c.allowedBy.map((s) => s.sid)));
  assert.ok(sids.has('ReadAll') && sids.has('Put'), [...sids].join(','));
});

test('compare: bad usage and unreadable input exit 2', async (t) => {
  const cwd = folder(t, { 'old.json': narrow, 'bad.json': 'not a policy' });
  assert.equal((await runCliCaptured(['compare', 'old.json'], { cwd })).code, 2);
  assert.equal((await runCliCaptured(['compare', 'old.json', 'missing.json'], { cwd })).code, 2);
  assert.equal((await runCliCaptured(['compare', 'old.json', 'old.json', '--type', 'nope'], { cwd })).code, 2);
  const bad = await runCliCaptured(['compare', 'old.json', 'bad.json'], { cwd });
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.json/);
});

test('compare --base reads the old version from git and compares changed policy files', async (t) => {
  const cwd = folder(t, { 'app.policy.json': narrow, 'other.policy.json': wide, 'package.json': { name: 'x' } });
  const git = (...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  writeFileSync(join(cwd, 'app.policy.json'), JSON.stringify(wide));
  writeFileSync(join(cwd, 'other.policy.json'), JSON.stringify(narrow));
  const r = await runCliCaptured(['compare', '--base', 'HEAD', '--format', 'json'], { cwd });
  assert.equal(r.code, 1, r.err);
  const files = JSON.parse(r.out).files as { file: string; newAccess: boolean }[];
  assert.deepEqual(files.map((f) => [f.file, f.newAccess]).sort(), [
    ['app.policy.json', true],
    ['other.policy.json', false],
  ]);
  const sarif = JSON.parse((await runCliCaptured(['compare', '--base', 'HEAD', '--format', 'sarif'], { cwd })).out);
  assert.equal(sarif.runs[0].results.length, 1);
  assert.equal(sarif.runs[0].results[0].ruleId, 'NEW_ACCESS');
  assert.equal((await runCliCaptured(['compare', '--base', 'no-such-ref'], { cwd })).code, 2);
});
