import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { tempDir } from '../helpers/tempDir';

async function cli(args: string[], stdin = '', cwd = process.cwd()): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([stdin]), cwd });
  return { code, out, err };
}

const allowS3 = { Version: '2012-10-17', Statement: [{ Sid: 'ReadAll', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };

test('evaluate --help prints usage and exits 0', async () => {
  const r = await cli(['evaluate', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Usage: iam-policy-studio evaluate/);
});

test('evaluate without a file is a usage error (exit 2)', async () => {
  const r = await cli(['evaluate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /expected exactly one input file/);
});

test('evaluate with a missing file is a usage error (exit 2)', async () => {
  const r = await cli(['evaluate', 'does-not-exist.jsonl']);
  assert.equal(r.code, 2);
  assert.match(r.err, /cannot read 'does-not-exist.jsonl'/);
});

test('evaluate - reads JSON lines from stdin; bad lines get an error line and the run continues', async () => {
  const lines = [
    JSON.stringify({ identityPolicies: [{ id: 'ro', document: allowS3 }], request }),
    '{ not json',
    '',
    JSON.stringify({ identityPolicies: [], request }),
    JSON.stringify({ identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }], request }),
    JSON.stringify({
      identityPolicies: [allowS3],
      request: { ...request, action: 's3:PutObject' },
      resourcePolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' }] },
    }),
  ].join('\n');
  const r = await cli(['evaluate', '-'], lines);
  assert.equal(r.code, 0, r.err);
  const out = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(out.length, 5, 'one output line per non-empty input line');
  assert.equal(out[0]?.decision, 'Allowed');
  assert.equal(out[0]?.summary, "Allowed by identity policy 'ro' statement 'ReadAll'.");
  assert.ok(Array.isArray(out[0]?.policies), 'explanation included by default');
  assert.deepEqual(Object.keys(out[1] ?? {}), ['line', 'error']);
  assert.equal(out[1]?.line, 2);
  assert.match(String(out[1]?.error), /Invalid JSON/);
  assert.equal(out[2]?.line, 4);
  assert.equal(out[2]?.decision, 'ImplicitDeny');
  assert.equal(out[3]?.line, 5);
  assert.match(String(out[3]?.error), /identityPolicies\.0\.Statement\.0\.Effect: Effect must be "Allow" or "Deny"/);
  assert.equal(out[4]?.decision, 'ExplicitDeny');
});

test('evaluate reads a file relative to cwd and --brief omits the per-statement explanation', async (t) => {
  const dir = tempDir(t, 'iam-eval-');
  writeFileSync(join(dir, 'in.jsonl'), `${JSON.stringify({ identityPolicies: [allowS3], request })}\n`);
  const r = await cli(['evaluate', '--brief', 'in.jsonl'], '', dir);
  assert.equal(r.code, 0);
  const line = JSON.parse(r.out) as Record<string, unknown>;
  assert.equal(line.decision, 'Allowed');
  assert.equal(line.policies, undefined);
  assert.deepEqual(line.missingContextKeys, []);
});

test('evaluate rejects unknown options', async () => {
  const r = await cli(['evaluate', '--fast', 'x.jsonl']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option '--fast'/);
});

test('a policy that is valid JSON but not valid for its type gets an error line with the problems', async () => {
  const line = JSON.stringify({
    identityPolicies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }],
    request,
  });
  const r = await cli(['evaluate', '-'], line);
  const out = JSON.parse(r.out) as { line: number; error: string; problems: Array<{ policyType: string; path: unknown[] }> };
  assert.equal(out.line, 1);
  assert.match(out.error, /identity-based policy cannot contain Principal/);
  assert.deepEqual(
    out.problems.map((p) => [p.policyType, p.path]),
    [['identity', ['Statement', 0, 'Principal']]],
  );
});

test('evaluate - reads bytes split anywhere: a character split between chunks, CRLF line ends, no final newline', async () => {
  // The user name decides: a wrongly decoded ë would not match the home folder.
  const home = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/*' }],
  };
  const ctx = { 'aws:username': 'zoë' };
  const own = { ...request, resource: 'arn:aws:s3:::b/zoë/k', context: ctx };
  const text = [
    JSON.stringify({ identityPolicies: [home], request: own }),
    JSON.stringify({ identityPolicies: [home], request: { ...own, action: 's3:PutObject' } }),
  ].join('\r\n');
  const bytes = Buffer.from(text, 'utf8');
  const split = bytes.indexOf(Buffer.from('ë', 'utf8')) + 1; // inside the two bytes of ë
  const chunks = [bytes.subarray(0, split), bytes.subarray(split, split + 7), bytes.subarray(split + 7)];
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += String(d)));
  const code = await runCli(['evaluate', '--brief', '-'], {
    stdout,
    stderr: new PassThrough(),
    stdin: Readable.from(chunks),
    cwd: process.cwd(),
  });
  assert.equal(code, 0);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => [l.line, l.decision]),
    [
      [1, 'Allowed'],
      [2, 'ImplicitDeny'],
    ],
  );
});

test('evaluate reads a file of several read chunks (1 MB each) with lines across their edges: every line is answered as it is written', async (t) => {
  // Each line differs (its resource and a context value of its own length) and its decision
  // follows from its index: a chunk overwritten while its lines were read would show.
  const prefixed = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/yes/*' }] };
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 3.5 * 1024 * 1024; i++) {
    const resource = `arn:aws:s3:::b/${i % 3 === 0 ? 'yes' : 'no'}/${i}`;
    const context = { 'aws:username': `u${i}${'x'.repeat((i * 7919) % 1500)}` };
    const line = JSON.stringify({ identityPolicies: [prefixed], request: { ...request, resource, context } });
    lines.push(line);
    size += line.length + 1;
  }
  const dir = tempDir(t, 'iam-eval-');
  writeFileSync(join(dir, 'big.jsonl'), `${lines.join('\n')}\n`);
  const r = await cli(['evaluate', '--brief', 'big.jsonl'], '', dir);
  assert.equal(r.code, 0);
  const out = r.out.trim().split('\n');
  assert.equal(out.length, lines.length);
  out.forEach((text, i) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    assert.deepEqual([line.line, line.decision], [i + 1, i % 3 === 0 ? 'Allowed' : 'ImplicitDeny']);
  });
});
