/**
 * `iam-policy-studio simulate` and `test` on the example workspace (examples/organization.iam-model.json),
 * run in-process through runCli with captured output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCliCaptured, type CliRun } from '../../helpers/cli';

const ROOT = join(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples');

/** The CLI run in-process with the caller's environment (as these tests ran before the shared helper). */
function cli(args: string[], cwd = ROOT): Promise<CliRun> {
  return runCliCaptured(args, { cwd, env: process.env });
}

test("cli test: the example organization's access tests all pass", async () => {
  const r = await cli(['test', 'examples/organization.iam-model.json']);
  assert.equal(r.err, '');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /31 test\(s\): 31 passed, 0 failed\./);
  assert.match(r.out, /PASS {2}noPath 'QA cannot become administrator': no escalation path from carol to admin: holds\./);
});

test('cli test: a failing expectation exits 1 and says what decided', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-'));
  try {
    cpSync(EXAMPLES, dir, { recursive: true });
    const file = join(dir, 'organization.iam-model.json');
    const model = JSON.parse(readFileSync(file, 'utf8'));
    model.tests = [
      {
        name: 'erin may delete',
        principal: 'erin',
        action: 'rds:DeleteDBInstance',
        resource: 'arn:aws:rds:eu-west-1:111122223333:db:orders-primary',
        expect: 'allow',
      },
    ];
    writeFileSync(file, JSON.stringify(model));
    const r = await cli(['test', 'organization.iam-model.json'], dir);
    assert.equal(r.code, 1);
    assert.match(
      r.out,
      /FAIL {2}'erin may delete': expected erin to be allowed rds:DeleteDBInstance .* but: Implicitly denied: allowed by identity policy, but the permissions boundary does not allow\./,
    );
    const json = await cli(['test', 'organization.iam-model.json', '--format', 'json'], dir);
    assert.equal(JSON.parse(json.out).tests[0].failures[0].decision, 'ImplicitDeny');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli test: a broken reference exits 1 even when every test passes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-'));
  try {
    writeFileSync(
      join(dir, 'm.iam-model.json'),
      JSON.stringify({ accounts: [{ id: '111122223333', users: { a: { groups: ['Ghosts'] } } }] }),
    );
    const r = await cli(['test', 'm.iam-model.json'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /ERROR m\.iam-model\.json accounts\.0\.users\.a\.groups\.0: Unknown group 'Ghosts'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli simulate --format json: one object per action × resource, wildcards expanded', async () => {
  const r = await cli([
    'simulate',
    '--model',
    'examples/organization.iam-model.json',
    '--principal',
    'carol',
    '--action',
    's3:GetObject',
    '--action',
    'ec2:St*Instances',
    '--resource',
    'arn:aws:s3:::example-qa-artifacts/a.zip',
    '--resource',
    'arn:aws:ec2:eu-west-1:111122223333:instance/i-0qa1234567890abcd',
    '--format',
    'json',
  ]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { action: string; resource: string; decision: string; decidedBy: { file: string; sid: string }[] });
  assert.deepEqual(
    lines.map((l) => `${l.action} ${l.resource.slice(-10)} ${l.decision}`),
    [
      's3:GetObject acts/a.zip Allowed',
      's3:GetObject 567890abcd ImplicitDeny',
      'ec2:StartInstances acts/a.zip ImplicitDeny',
      'ec2:StartInstances 567890abcd Allowed',
      'ec2:StopInstances acts/a.zip ImplicitDeny',
      'ec2:StopInstances 567890abcd Allowed',
    ],
  );
  assert.deepEqual(
    lines[0]?.decidedBy.map((d) => [d.file, d.sid]),
    [['examples/policies/qa.iam.json', 'ReadQaArtifacts']],
  );
});

test('cli simulate: context values, role chains and text output', async () => {
  const r = await cli(
    [
      'simulate',
      '--model',
      'organization.iam-model.json',
      '--principal',
      'auditor',
      '--via',
      'audit-role',
      '--action',
      'iam:GetAccountAuthorizationDetails',
      '--context',
      'sts:ExternalId=audit-2024',
    ],
    EXAMPLES,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Principal: arn:aws:sts::111122223333:assumed-role\/audit-role\/iam-policy-studio/);
  assert.match(r.out, /assumed arn:aws:iam::111122223333:role\/audit-role: Allowed/);
  assert.match(r.out, /ALLOWED {2}iam:GetAccountAuthorizationDetails {2}\*/);
  const denied = await cli(
    ['simulate', '--model', 'organization.iam-model.json', '--principal', 'auditor', '--via', 'audit-role', '--action', 's3:GetObject'],
    EXAMPLES,
  );
  assert.equal(denied.code, 2);
  assert.match(denied.err, /cannot assume arn:aws:iam::111122223333:role\/audit-role/);
});

test('cli simulate: usage errors exit 2', async () => {
  assert.equal((await cli(['simulate', '--model', 'examples/organization.iam-model.json'])).code, 2);
  assert.equal(
    (await cli(['simulate', '--model', 'examples/organization.iam-model.json', '--principal', 'nobody', '--action', 's3:GetObject'])).code,
    2,
  );
  assert.equal((await cli(['simulate', '--bogus'])).code, 2);
});

test('cli simulate --assumable lists reachable roles with their chains; session policy and tags cap a role session', async () => {
  const roles = await cli(
    [
      'simulate',
      '--model',
      'organization.iam-model.json',
      '--principal',
      'arn:aws:iam::444455556666:role/ci-deployer',
      '--assumable',
      '--format',
      'json',
      '--context',
      'sts:ExternalId=audit-2024',
    ],
    EXAMPLES,
  );
  assert.equal(roles.code, 0, roles.err);
  assert.deepEqual(
    roles.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
    [{ role: 'arn:aws:iam::111122223333:role/audit-role', chain: ['arn:aws:iam::111122223333:role/audit-role'] }],
  );
  const none = await cli(['simulate', '--model', 'organization.iam-model.json', '--principal', 'carol', '--assumable'], EXAMPLES);
  assert.equal(none.out, '0 role(s) can be assumed.\n');

  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-'));
  try {
    writeFileSync(
      join(dir, 'session.json'),
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'ReadOnly', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
    );
    const r = await cli(
      [
        'simulate',
        '--model',
        join(EXAMPLES, 'organization.iam-model.json'),
        '--root',
        EXAMPLES,
        '--principal',
        'ec2-app-role',
        '--session-policy',
        'session.json',
        '--action',
        's3:GetObject',
        '--action',
        's3:PutObject',
        '--resource',
        'arn:aws:s3:::example-app-data/x',
        '--format',
        'json',
      ],
      dir,
    );
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(
      r.out
        .trim()
        .split('\n')
        .map((l) => {
          const e = JSON.parse(l);
          return [e.action, e.decision, e.blockedBy ?? null];
        }),
      [
        ['s3:GetObject', 'Allowed', null],
        ['s3:PutObject', 'ImplicitDeny', 'session'],
      ],
    );
    const tagged = await cli(
      [
        'simulate',
        '--model',
        'organization.iam-model.json',
        '--principal',
        'break-glass',
        '--session-tag',
        'team=dba',
        '--action',
        'iam:ListUsers',
        '--format',
        'json',
      ],
      EXAMPLES,
    );
    assert.equal(JSON.parse(tagged.out).context['aws:PrincipalTag/team'], 'dba');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cli who-can --format json: the example organization, with role chains and the deciding statements', async () => {
  const r = await cli([
    'who-can',
    '--model',
    'examples/organization.iam-model.json',
    '--action',
    's3:GetObject',
    '--resource',
    'arn:aws:s3:::example-app-data/x',
    '--format',
    'json',
  ]);
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { principal: string; decision: string; via: string[]; decidedBy: { file: string }[] });
  assert.deepEqual(
    lines.map((l) => `${l.principal}${l.via.length > 0 ? ` via ${l.via.join(',')}` : ''}`),
    [
      'arn:aws:iam::111122223333:root',
      'arn:aws:iam::111122223333:user/erin',
      'arn:aws:iam::111122223333:role/ec2-app-role',
      'arn:aws:iam::111122223333:role/maintenance-role',
      'arn:aws:iam::111122223333:role/break-glass',
      'arn:aws:iam::111122223333:user/dave via arn:aws:iam::111122223333:role/break-glass',
    ],
  );
  assert.ok(lines.every((l) => l.decision === 'Allowed'));
  assert.equal(lines[2]?.decidedBy[0]?.file, 'examples/policies/app-data-access.iam.json');
});

test('cli who-can: text output names the chain; bad usage exits 2', async () => {
  const r = await cli([
    'who-can',
    '--model',
    'examples/organization.iam-model.json',
    '--action',
    'sts:AssumeRole',
    '--resource',
    'arn:aws:iam::111122223333:role/break-glass',
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /sts:AssumeRole {2}arn:aws:iam::111122223333:role\/break-glass: 1 principal\(s\)\n {2}arn:aws:iam::111122223333:user\/dave/,
  );
  assert.match(r.out, /if Bool aws:MultiFactorAuthPresent true/);
  const bad = await cli(['who-can', '--model', 'examples/organization.iam-model.json']);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--model and --action are required/);
});

test('cli paths: the example organization — dave through break-glass (with MFA), frank and break-glass through the maintenance function; exit 1 when a path exists', async () => {
  const r = await cli(['paths', '--model', 'examples/organization.iam-model.json', '--format', 'json']);
  assert.equal(r.code, 1, r.err);
  const paths = r.out
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as { from: string; to: string; methods: string[]; steps: { method: string; action: string; resource: string }[] },
    );
  assert.deepEqual(
    paths.map((p) => `${p.from} ${p.to} ${p.methods.join('+')}`),
    [
      'arn:aws:iam::111122223333:user/dave admin sts-001',
      'arn:aws:iam::111122223333:user/frank admin lambda-003',
      'arn:aws:iam::111122223333:role/break-glass admin lambda-003',
    ],
  );
  assert.deepEqual(
    paths[0]?.steps.map((s) => `${s.method} ${s.action} ${s.resource}`),
    ['sts-001 sts:AssumeRole arn:aws:iam::111122223333:role/break-glass'],
  );
  const none = await cli(['paths', '--model', 'examples/organization.iam-model.json', '--from', 'alice']);
  assert.equal(none.code, 0);
  assert.match(none.out, /No escalation path found\./);
  const bad = await cli(['paths', '--model', 'examples/organization.iam-model.json', '--from', 'nobody-here']);
  assert.equal(bad.code, 2);
});

test('cli test: a failing never-assertion exits 1 and shows the counterexample in text, JSON and SARIF', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iam-cli-'));
  try {
    const model = {
      accounts: [
        {
          id: '111122223333',
          policies: { S3Admin: { Version: '2012-10-17', Statement: [{ Sid: 'AllS3', Effect: 'Allow', Action: 's3:*', Resource: '*' }] } },
          users: { alice: { policies: ['S3Admin'] }, bob: {} },
        },
      ],
      tests: [
        { name: 'bob never deletes', never: { principal: 'bob', action: 's3:Delete*', resource: '*' } },
        { name: 'nobody deletes the archive', never: { principal: '*', action: 's3:DeleteObject', resource: 'arn:aws:s3:::archive/*' } },
      ],
    };
    writeFileSync(join(dir, 'm.iam-model.json'), JSON.stringify(model, null, 2));
    const r = await cli(['test', 'm.iam-model.json'], dir);
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /PASS {2}'bob never deletes': never bob s3:Delete\* on \*: holds for 1 principal\(s\) of the model/);
    assert.match(
      r.out,
      /FAIL {2}'nobody deletes the archive': expected never \* s3:DeleteObject on arn:aws:s3:::archive\/\*, but arn:aws:iam::111122223333:user\/alice calling s3:DeleteObject on arn:aws:s3:::archive\/\S+ is allowed/,
    );
    assert.match(r.out, /allowed by 'AllS3' in S3Admin/);
    const json = JSON.parse((await cli(['test', 'm.iam-model.json', '--format', 'json'], dir)).out);
    assert.deepEqual(
      json.never.map((n: { verdict: string }) => n.verdict),
      ['holds', 'fails'],
    );
    assert.equal(json.never[1].counterexample.principal, 'arn:aws:iam::111122223333:user/alice');
    assert.equal(json.never[1].counterexample.decidedBy[0].sid, 'AllS3');
    const sarif = await cli(['test', 'm.iam-model.json', '--format', 'sarif'], dir);
    assert.equal(sarif.code, 1);
    const results = JSON.parse(sarif.out).runs[0].results as {
      ruleId: string;
      message: { text: string };
      locations: { physicalLocation: { region: { startLine: number } } }[];
    }[];
    const failed = results.filter((x) => x.ruleId === 'NEVER_FAILED');
    assert.equal(failed.length, 1);
    assert.match(failed[0]?.message.text ?? '', /nobody deletes the archive/);
    // On the line of the assertion in the model file.
    const line = readFileSync(join(dir, 'm.iam-model.json'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('nobody deletes the archive'));
    assert.ok(
      Math.abs((failed[0]?.locations[0]?.physicalLocation.region.startLine ?? 0) - (line + 1)) <= 1,
      JSON.stringify(failed[0]?.locations),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("cli can: effective permissions of the example organization's users, text and JSON; unknown principals exit 2", async () => {
  const r = await cli(['can', '--model', 'examples/organization.iam-model.json', '--principal', 'alice']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^arn:aws:iam::111122223333:user\/alice can:\n/);
  assert.match(
    r.out,
    /s3\n {2}s3:GetObject {2}\(Read\)\n {6}on arn:aws:s3:::example-reports\/\*\n {2}s3:ListBucket {2}\(List\)\n {6}on arn:aws:s3:::example-reports\n/,
  );
  const j = await cli([
    'can',
    '--model',
    'examples/organization.iam-model.json',
    '--principal',
    'arn:aws:iam::111122223333:user/frank',
    '--format',
    'json',
  ]);
  assert.equal(j.code, 0, j.err);
  const lines = j.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { service: string; actions: string[]; accessLevels: string[]; resource: string });
  assert.deepEqual(
    lines.map((l) => `${l.service} ${l.actions.join(',')} ${l.accessLevels.join(',')} ${l.resource}`),
    ['lambda lambda:GetFunction,lambda:UpdateFunctionCode Read,Write arn:aws:lambda:eu-west-1:111122223333:function:nightly-*'],
  );
  const bad = await cli(['can', '--model', 'examples/organization.iam-model.json', '--principal', 'nobody-here']);
  assert.equal(bad.code, 2);
  assert.notEqual(bad.err, '');
});
