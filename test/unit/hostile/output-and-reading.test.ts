/**
 * Issue 13, items 5 and 6: workspace text cannot inject lines (GitHub Actions workflow commands,
 * terminal escapes) into the CLI's text output; files are read only when they are regular files
 * of at most 16 MB inside the workspace, errors never quote content, and an unreadable input to
 * `check` is an error with exit code 2 that SARIF shows too.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { runCliCaptured } from '../../helpers/cli';
import { safeReadFile } from '../../../server/src/node/safeRead';
import { readDocument } from '../../../server/src/node/modelItems';
import { readInside } from '../../../server/src/node/modelFiles';
import { escapeControl } from '../../../server/src/cli/output/escape';
import { EvaluationBatch } from '../../../server/src/cli/evaluateBatch';
import { relativeFile } from '../../../server/src/node/simulationServer';
import { tempDir } from '../../helpers/tempDir';

const INJECTED = '\n::error file=x.yml,line=1::pwned\r::add-mask::y\u001b[2J\u2028z';

/** A workspace whose Sids and test names carry line breaks and escape characters. */
function injectionWorkspace(t: TestContext): string {
  const dir = tempDir(t, 'iam13-');
  const statement = (sid: string) => ({ Sid: sid, Effect: 'Deny', Action: 's3:GetObject', Resource: '*' });
  writeFileSync(
    join(dir, 'deny.iam.json'),
    JSON.stringify({ Version: '2012-10-17', Statement: [statement(`first${INJECTED}`), statement(`second${INJECTED}`)] }),
  );
  writeFileSync(
    join(dir, 'w.iam-model.json'),
    JSON.stringify({
      accounts: [{ id: '111122223333', policies: { Deny: 'deny.iam.json' }, users: { bob: { policies: ['Deny'] } } }],
      tests: [{ name: `bob reads${INJECTED}`, principal: 'bob', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', expect: 'allow' }],
    }),
  );
  return dir;
}

function assertNoInjectedLine(output: string, what: string, ownCommands = false): void {
  for (const line of output.split(/\r\n|\r|\n|\u2028|\u2029/)) {
    // The github format's own annotations start with `::`; nothing from the workspace may.
    const injected = ownCommands ? /^::(error file=x\.yml|add-mask)/.test(line) : line.startsWith('::');
    assert.ok(!injected, `${what}: a line starts a workflow command: ${JSON.stringify(line)}`);
  }
  assert.ok(!output.includes('\u001b'), `${what}: an escape character reached the output`);
}

test('check text and github output escape control characters from Sids, test names and messages', async (t) => {
  const dir = injectionWorkspace(t);
  for (const format of ['text', 'github']) {
    const run = await runCliCaptured(['check', '--format', format, '.'], { cwd: dir });
    assert.equal(run.code, 1, run.err);
    assert.match(run.out, /ACCESS_TEST_FAILED|Access test failed/, format);
    assertNoInjectedLine(run.out, `check --format ${format}`, format === 'github');
  }
});

test('test and simulate text output escape control characters', async (t) => {
  const dir = injectionWorkspace(t);
  const run = await runCliCaptured(['test', 'w.iam-model.json'], { cwd: dir });
  assert.equal(run.code, 1, run.err);
  assert.match(run.out, /FAIL/);
  assertNoInjectedLine(run.out, 'test');
  const sim = await runCliCaptured(
    ['simulate', '--model', 'w.iam-model.json', '--principal', 'bob', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::b/k'],
    { cwd: dir },
  );
  assert.match(sim.out, /DENIED/);
  assertNoInjectedLine(sim.out, 'simulate');
});

test('escapeControl keeps one record on one line', () => {
  assert.equal(escapeControl('a\nb\r\u001b[31m\u2028\tc'), 'a\\nb\\r\\u001b[31m\\u2028\tc');
});

function fifo(dir: string, name: string): string | undefined {
  const path = join(dir, name);
  try {
    execFileSync('mkfifo', [path]);
    return path;
  } catch {
    return undefined;
  }
}

test('a FIFO, a device and an oversized file are refused without blocking or allocating', { timeout: 20_000 }, (t) => {
  const dir = tempDir(t, 'iam13-');
  const pipe = fifo(dir, 'pipe.iam.json');
  if (pipe) assert.deepEqual(pick(safeReadFile(pipe)), { ok: false, reason: 'not-a-file' });
  assert.deepEqual(pick(safeReadFile('/dev/zero')), { ok: false, reason: 'not-a-file' });
  const big = join(dir, 'big.json');
  writeFileSync(big, Buffer.alloc(1024 * 1024 + 1, 0x20));
  assert.deepEqual(pick(safeReadFile(big, { maxBytes: 1024 * 1024 })), { ok: false, reason: 'too-large' });
  // A model reference to the FIFO is "cannot be read", not a hang.
  if (pipe) assert.deepEqual(pick(readInside(dir, 'pipe.iam.json')), { ok: false, reason: 'unreadable' });
});

function pick(r: { ok: boolean; reason?: string }): { ok: boolean; reason?: string } {
  return r.ok ? { ok: true } : { ok: false, reason: r.reason! };
}

test('protocol reads (simulate custom policies, links) stay inside the workspace and read only files', (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(join(dir, 'p.json'), '{}');
  assert.ok(readDocument(URI.file(join(dir, 'p.json')).toString(), [dir]));
  assert.equal(readDocument('file:///etc/passwd', [dir]), undefined);
  assert.equal(readDocument('file:///dev/zero', ['/']), undefined);
  assert.equal(readDocument('untitled:/x', [dir]), undefined);
});

test('errors about files that are not JSON never quote their content', () => {
  const secret = 'root:x:0:0:root:/root:/bin/bash';
  const line = JSON.parse(new EvaluationBatch(true).evaluateLine(secret, 1)) as { error?: string };
  assert.match(String(line.error), /Invalid JSON/);
  assert.ok(!String(line.error).includes('root:x'), String(line.error));
  // A byte-order mark before the first request is not content.
  const bom = JSON.parse(new EvaluationBatch(true).evaluateLine('\ufeff{"request": {}, "policies": {}}', 1)) as { error?: string };
  assert.doesNotMatch(String(bom.error), /Invalid JSON/);
});

test('check: an unreadable input is an error with exit code 2, shown in SARIF', async (t) => {
  const dir = tempDir(t, 'iam13-');
  writeFileSync(
    join(dir, 'ok.iam.json'),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  );
  let unreadable = 'locked.iam.json';
  if (process.getuid?.() === 0) {
    // root reads any file: a policy over the 16 MB cap is the unreadable input instead.
    unreadable = 'huge.iam.json';
    writeFileSync(join(dir, unreadable), Buffer.alloc(16 * 1024 * 1024 + 1, 0x20));
  } else {
    writeFileSync(join(dir, unreadable), '{}');
    chmodSync(join(dir, unreadable), 0);
  }
  const run = await runCliCaptured(['check', '--format', 'sarif', '.'], { cwd: dir });
  assert.equal(run.code, 2, run.err);
  assert.ok(run.err.includes(`cannot read '${unreadable}'`), run.err);
  const sarif = JSON.parse(run.out) as {
    runs: [{ results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }];
  };
  const result = sarif.runs[0].results.find((r) => r.ruleId === 'UNREADABLE_FILE');
  assert.ok(result, run.out);
  assert.equal(result.level, 'error');
  assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uri, unreadable);
});

test('a custom policy in a sibling folder is not taken for a file of the workspace', (t) => {
  const parent = tempDir(t, 'iam13-');
  const root = join(parent, 'app');
  const sibling = join(parent, 'app-other');
  mkdirSync(root);
  mkdirSync(sibling);
  writeFileSync(join(sibling, 'p.json'), '{}');
  writeFileSync(join(root, 'q.json'), '{}');
  const entry = { uri: URI.file(join(root, 'm.iam-model.json')).toString(), root, model: undefined as never };
  const outside = URI.file(join(sibling, 'p.json')).toString();
  assert.equal(relativeFile(entry, outside), outside);
  assert.equal(relativeFile(entry, URI.file(join(root, 'q.json')).toString()), 'q.json');
});
