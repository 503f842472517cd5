/**
 * The node glue for model files: references that leave the workspace through `..` or a symbolic
 * link are refused, files inside are read, open-editor text overrides the disk, and AWS managed
 * policies come from the built snapshot (dist/managed-policies.jsonl).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileHost, loadModelFile, readInside } from '../../../server/src/node/modelFiles';
import { awsManagedPolicy } from '../../../server/src/node/managedPolicies';

const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });

function workspace(): { dir: string; ws: string } {
  const dir = mkdtempSync(join(tmpdir(), 'iam-model-'));
  const ws = join(dir, 'ws');
  mkdirSync(join(ws, 'p'), { recursive: true });
  writeFileSync(join(dir, 'secret.json'), POLICY);
  writeFileSync(join(ws, 'p', 'ok.json'), POLICY);
  symlinkSync(join(dir, 'secret.json'), join(ws, 'p', 'link-out.json'));
  symlinkSync(join(ws, 'p', 'ok.json'), join(ws, 'p', 'link-in.json'));
  return { dir, ws };
}

test('files: symbolic links leaving the workspace are refused, links inside are followed', () => {
  const { dir, ws } = workspace();
  try {
    assert.equal(readInside(ws, 'p/ok.json').ok, true);
    assert.deepEqual(readInside(ws, 'p/link-out.json'), { ok: false, reason: 'outside' });
    assert.equal(readInside(ws, 'p/link-in.json').ok, true);
    assert.deepEqual(readInside(ws, 'p/none.json'), { ok: false, reason: 'missing' });
    assert.deepEqual(readInside(ws, '../secret.json'), { ok: false, reason: 'outside' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files: a model referencing files by .. and by symlink reports both and uses neither', () => {
  const { dir, ws } = workspace();
  try {
    const model = {
      accounts: [{ id: '111122223333', users: { u: { policies: ['p/ok.json', '../secret.json', 'p/link-out.json', 'p/link-in.json'] } } }],
    };
    writeFileSync(join(ws, 'm.iam-model.json'), JSON.stringify(model));
    const loaded = loadModelFile(join(ws, 'm.iam-model.json'), ws);
    assert.ok(loaded.ok);
    assert.deepEqual(
      loaded.model.problems.map((p) => [p.code, p.path.join('.')]),
      [
        ['PATH_OUTSIDE_WORKSPACE', 'accounts.0.users.u.policies.1'],
        ['PATH_OUTSIDE_WORKSPACE', 'accounts.0.users.u.policies.2'],
      ],
    );
    assert.deepEqual(
      loaded.model.accounts
        .get('111122223333')
        ?.users.get('u')
        ?.policies.map((p) => p.source.file),
      ['p/ok.json', 'p/link-in.json'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files: open-editor text overrides the file on disk', () => {
  const { dir, ws } = workspace();
  try {
    const host = fileHost({ root: ws, overrides: new Map([['p/ok.json', '{"unsaved": true}']]) });
    assert.deepEqual(host.readFile('p/ok.json'), { ok: true, text: '{"unsaved": true}' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('files: AWS managed policies come from the snapshot, default version, by ARN (any case)', () => {
  const ro = awsManagedPolicy('arn:aws:iam::aws:policy/ReadOnlyAccess');
  assert.equal(ro?.name, 'ReadOnlyAccess');
  assert.ok(JSON.stringify(ro?.document).includes('"Effect":"Allow"'));
  assert.equal(awsManagedPolicy('ARN:AWS:IAM::AWS:POLICY/AdministratorAccess')?.name, 'AdministratorAccess');
  assert.equal(
    awsManagedPolicy('arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM')?.arn,
    'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM',
  );
  assert.equal(awsManagedPolicy('arn:aws:iam::aws:policy/NoSuchPolicy'), undefined);
});
