/**
 * Issue 13, item 6, for Terraform: the policy files `file()`/`templatefile()` name are read only
 * through `readReferencedFile` (node/safeRead.ts): regular files of at most 1 MB whose real path
 * lies inside the workspace. A FIFO, a symbolic link leaving the workspace, `/dev/zero`, a folder,
 * a missing file, a path Terraform fills in at run time and an oversized file each get a short
 * reason, return at once (no wait on a FIFO's writer), and never quote the content.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_REFERENCED_FILE_BYTES, readReferencedFile, type SafeRead } from '../../../server/src/node/safeRead';
import { tempDir } from '../../helpers/tempDir';

const SECRET = 'root:x:0:0:SECRET-CONTENT';

function workspace(t: TestContext): { root: string; tf: string; outside: string } {
  const base = tempDir(t, 'iam13h-');
  const root = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'infra', 'policies'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(outside, 'passwd'), `${SECRET}\n`);
  const tf = join(root, 'infra', 'main.tf');
  writeFileSync(tf, 'resource "aws_iam_role" "r" { assume_role_policy = file("policies/trust.json") }\n');
  writeFileSync(join(root, 'infra', 'policies', 'trust.json'), '{"Version": "2012-10-17", "Statement": []}');
  execFileSync('mkfifo', [join(root, 'infra', 'policies', 'fifo.json')]);
  symlinkSync(join(outside, 'passwd'), join(root, 'infra', 'policies', 'escape.json'));
  symlinkSync('/dev/zero', join(root, 'infra', 'policies', 'zero.json'));
  symlinkSync(join(root, 'infra', 'policies', 'trust.json'), join(root, 'infra', 'policies', 'inside-link.json'));
  mkdirSync(join(root, 'infra', 'policies', 'folder.json'));
  writeFileSync(join(root, 'infra', 'policies', 'big.json'), `${SECRET}${' '.repeat(MAX_REFERENCED_FILE_BYTES)}`);
  return { root, tf, outside };
}

const failureOf = (r: SafeRead) => {
  assert.equal(r.ok, false, 'refused');
  if (r.ok) throw new Error('unreachable');
  assert.ok(!r.message.includes('SECRET') && !r.message.includes('root:x'), `no content in "${r.message}"`);
  return { reason: r.reason, message: r.message };
};

test('a regular policy file inside the workspace is read, also through a link that stays inside', (t) => {
  const { root, tf } = workspace(t);
  for (const ref of ['policies/trust.json', './policies/../policies/trust.json', 'policies/inside-link.json']) {
    const r = readReferencedFile(tf, ref, [root]);
    assert.ok(r.ok, ref);
    assert.match(r.text, /"Statement"/);
  }
});

test('FIFO, escaping link, /dev/zero, folder, missing, run-time and oversized paths are refused with a reason', (t) => {
  const { root, tf, outside } = workspace(t);
  const cases: Array<[string, string, RegExp]> = [
    ['policies/fifo.json', 'not-a-file', /not a regular file/],
    ['policies/escape.json', 'outside', /outside the workspace/],
    ['policies/zero.json', 'outside', /outside the workspace/],
    ['/dev/zero', 'outside', /outside the workspace/],
    [join(outside, 'passwd'), 'outside', /outside the workspace/],
    ['../../outside/passwd', 'outside', /outside the workspace/],
    ['policies/folder.json', 'not-a-file', /not a regular file/],
    ['policies/missing.json', 'missing', /does not exist/],
    ['${var.dir}/trust.json', 'unresolved', /known only when Terraform runs/],
    ['policies/trust.json\0x', 'unresolved', /known only when Terraform runs/],
    ['policies/big.json', 'too-large', /too large \(more than 1 MB\)/],
  ];
  for (const [ref, reason, message] of cases) {
    const got = failureOf(readReferencedFile(tf, ref, [root]));
    assert.equal(got.reason, reason, ref);
    assert.match(got.message, message, ref);
  }
});

test('/dev/zero and a FIFO are refused even when the workspace is the whole file system', (t) => {
  const { tf } = workspace(t);
  assert.equal(failureOf(readReferencedFile(tf, '/dev/zero', ['/'])).reason, 'not-a-file');
  assert.equal(failureOf(readReferencedFile(tf, 'policies/fifo.json', ['/'])).reason, 'not-a-file');
});

test('with no workspace folder nothing is read', (t) => {
  const { tf } = workspace(t);
  assert.equal(failureOf(readReferencedFile(tf, 'policies/trust.json', [])).reason, 'outside');
});
