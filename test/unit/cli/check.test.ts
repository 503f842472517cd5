/** `check` output formats (JSON, SARIF validated against the SARIF 2.1.0 schema), colour, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { allChecks } from '../../../server/src/core/checks';
import { exitCode } from '../../../server/src/cli/check';
import { commands } from '../../../server/src/cli/commands';
import type { CheckReport } from '../../../server/src/cli/output/report';
import { runCliCaptured } from '../../helpers/cli';
import { runCli } from '../../../server/src/cli/main';
import { PassThrough, Readable } from 'node:stream';
import { keptDir, tempDir } from '../../helpers/tempDir';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES = join(ROOT, 'examples');

/**
 * The official schema is draft-04 (`id`); ajv 8 reads it as draft-07 once `id` is `$id`. Its
 * `language` pattern has a stray `]` that is only valid without the `u` flag, hence unicodeRegExp.
 */
let sarifValidate: ((log: unknown) => string | undefined) | undefined;

/** The SARIF 2.1.0 validator, compiled once for the file (compiling the schema is the slow part). */
function sarifValidator(): (log: unknown) => string | undefined {
  return (sarifValidate ??= compileSarifValidator());
}

/** A compiled validator: true when the log is valid, else false with its errors. */
type Validate = ((log: unknown) => boolean) & { errors?: unknown };

/**
 * Compiles the schema with ajv, or loads what ajv compiled for it in an earlier run: the standalone
 * code of the same compiled validator (ajv's `code.source`), kept in the temporary folder under a
 * name made from the schema, the options and the ajv and ajv-formats versions (one file per
 * version, kept from run to run on purpose: test/helpers/tempDir.ts, keptDir). Compiling the large
 * schema costs ~0.3 s of CPU; loading its code ~0.01 s.
 */
function compileSarifValidator(): (log: unknown) => string | undefined {
  const text = readFileSync(join(ROOT, 'test/data/cli/schema/sarif-2.1.0-rtm.5.json'), 'utf8');
  // Referenced definitions as functions of their own, and no optimization pass over the generated
  // code: the same verdicts and errors (their schemaPath names the definition), compiled in about
  // half the time (the schema is large).
  const options = { strict: false, allErrors: true, unicodeRegExp: false, inlineRefs: false, code: { optimize: false, source: true } };
  const load = createRequire(__filename);
  const versions = ['ajv/package.json', 'ajv-formats/package.json'].map((p) => (load(p) as { version: string }).version);
  const key = createHash('sha256')
    .update(JSON.stringify([text, options, versions]))
    .digest('hex')
    .slice(0, 16);
  const file = join(keptDir(), `iam-policy-studio-sarif-validator-${key}.cjs`);
  let validate: Validate;
  try {
    validate = fromCode(readFileSync(file, 'utf8'));
  } catch {
    const schema = JSON.parse(text);
    schema.$id = schema.id;
    delete schema.id;
    delete schema.$schema;
    const ajv = new Ajv(options);
    addFormats(ajv);
    const compiled = ajv.compile(schema);
    validate = compiled;
    // Written under another name, then moved into place: a concurrent run never reads half a file.
    writeFileSync(`${file}.${process.pid}`, standaloneCode(ajv, compiled));
    renameSync(`${file}.${process.pid}`, file);
  }
  return (log: unknown): string | undefined => (validate(log) ? undefined : JSON.stringify(validate.errors, null, 2));

  function fromCode(code: string): Validate {
    const module = { exports: {} as Validate };
    // The code requires ajv's runtime helpers and ajv-formats' formats, resolved from here.
    new Function('require', 'module', 'exports', code)(load, module, module.exports);
    return module.exports;
  }
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: [{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }];
}
interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  defaultConfiguration: { level: string };
}

test('--format sarif validates against the SARIF 2.1.0 schema and locates each finding', async () => {
  const r = await runCliCaptured(['check', '--format', 'sarif'], { cwd: EXAMPLES });
  assert.equal(r.code, 1);
  const log = JSON.parse(r.out);
  assert.equal(sarifValidator()(log), undefined);
  const run = log.runs[0];
  const results: SarifResult[] = run.results;
  const rules: SarifRule[] = run.tool.driver.rules;
  assert.equal(log.version, '2.1.0');
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(EXAMPLES).href}/`);
  assert.deepEqual(
    results.map((x) => [x.ruleId, x.level, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region]),
    [
      // The CloudFormation example: findings at the template's lines (the YAML scalar after `- ` / after `!GetAtt `).
      ['ACTION_CASE_MISMATCH', 'note', 'cloudformation/app.yaml', { startLine: 42, startColumn: 21, endLine: 42, endColumn: 40 }],
      ['INVALID_ACTION', 'error', 'cloudformation/app.yaml', { startLine: 53, startColumn: 21, endLine: 53, endColumn: 37 }],
      ['RESOURCE_MISMATCH', 'note', 'cloudformation/app.yaml', { startLine: 44, startColumn: 35, endLine: 44, endColumn: 52 }],
      ['INVALID_EFFECT', 'error', 'mistakes/effect-and-syntax.iam.json', { startLine: 6, startColumn: 17, endLine: 6, endColumn: 24 }],
      ['JSON_SYNTAX_ERROR', 'error', 'mistakes/effect-and-syntax.iam.json', { startLine: 8, startColumn: 51, endLine: 8, endColumn: 52 }],
      // The planted escalation paths of the example organization, on the principals that can escalate (dave, frank, break-glass).
      ['ESCALATION_PATH', 'warning', 'organization.iam-model.json', { startLine: 36, startColumn: 9, endLine: 36, endColumn: 15 }],
      ['ESCALATION_PATH', 'warning', 'organization.iam-model.json', { startLine: 42, startColumn: 9, endLine: 42, endColumn: 16 }],
      ['ESCALATION_PATH', 'warning', 'organization.iam-model.json', { startLine: 55, startColumn: 9, endLine: 55, endColumn: 22 }],
      // The Terraform example: each mistake on the line after its `# Mistake:` comment (the HCL string or reference).
      ['INVALID_ACTION', 'error', 'terraform/main.tf', { startLine: 56, startColumn: 40, endLine: 56, endColumn: 58 }],
      ['RESOURCE_MISMATCH', 'note', 'terraform/main.tf', { startLine: 44, startColumn: 18, endLine: 44, endColumn: 43 }],
      ['INVALID_EFFECT', 'error', 'terraform/main.tf', { startLine: 73, startColumn: 21, endLine: 73, endColumn: 28 }],
    ],
  );
  for (const x of results) {
    assert.equal(rules[x.ruleIndex]?.id, x.ruleId);
    assert.equal(x.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  }
});

test('the schema check can fail: a result without a message, or a bad level, is rejected', async () => {
  const r = await runCliCaptured(['check', '--format', 'sarif', 'mistakes'], { cwd: EXAMPLES });
  const validate = sarifValidator();
  const noMessage = JSON.parse(r.out);
  delete noMessage.runs[0].results[0].message;
  assert.match(String(validate(noMessage)), /message/);
  const badLevel = JSON.parse(r.out);
  badLevel.runs[0].results[0].level = 'information';
  assert.match(String(validate(badLevel)), /allowedValues/);
});

test('test --format sarif: model problems and failing access tests, located in the model file, valid SARIF', async () => {
  const r = await runCliCaptured(['test', '--format', 'sarif', 'workspace.iam-model.json'], { cwd: join(ROOT, 'test/data/cli/ws-model') });
  assert.equal(r.code, 1);
  const log = JSON.parse(r.out);
  assert.equal(sarifValidator()(log), undefined);
  const results: (SarifResult & { message: { text: string } })[] = log.runs[0].results;
  assert.deepEqual(
    results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine]),
    [
      ['MISSING_FILE', 'workspace.iam-model.json', 6],
      ['UNKNOWN_POLICY', 'workspace.iam-model.json', 7],
      ['ACCESS_TEST_FAILED', 'workspace.iam-model.json', 12],
      ['ACCESS_TEST_FAILED', 'workspace.iam-model.json', 13],
    ],
  );
  assert.match(
    results[2]?.message.text ?? '',
    /^Access test failed: 'alice may create users': expected alice to be allowed iam:CreateUser/,
  );
  // The statement that decided a failing test is a related location in the policy file.
  const related = (
    results[3] as unknown as {
      relatedLocations: { message: { text: string }; physicalLocation: SarifResult['locations'][0]['physicalLocation'] }[];
    }
  ).relatedLocations;
  assert.deepEqual(
    related.map((r) => [
      r.message.text,
      r.physicalLocation.artifactLocation.uri,
      r.physicalLocation.artifactLocation.uriBaseId,
      r.physicalLocation.region.startLine,
    ]),
    [['Allowed by Readers statement #1', 'policies/readers.iam.json', '%SRCROOT%', 3]],
  );
  const rule = (log.runs[0].tool.driver.rules as SarifRule[]).find((x) => x.id === 'ACCESS_TEST_FAILED');
  assert.deepEqual([rule?.shortDescription.text, rule?.defaultConfiguration.level], ['Access test failed', 'error']);
});

test('test --format sarif on the example organization: every test passes; only the escalation-path warnings, exit 0', async () => {
  const r = await runCliCaptured(['test', '-f', 'sarif', 'organization.iam-model.json'], { cwd: EXAMPLES });
  assert.equal(r.code, 0, r.err);
  const log = JSON.parse(r.out);
  assert.equal(sarifValidator()(log), undefined);
  assert.deepEqual(
    log.runs[0].results.map((x: SarifResult) => [x.ruleId, x.level]),
    [
      ['ESCALATION_PATH', 'warning'],
      ['ESCALATION_PATH', 'warning'],
      ['ESCALATION_PATH', 'warning'],
    ],
  );
});

test('SARIF rules list every registered check with its title, help link and default level', async () => {
  const r = await runCliCaptured(['check', '--format', 'sarif', 'policies'], { cwd: EXAMPLES });
  assert.equal(r.code, 0);
  const rules: SarifRule[] = JSON.parse(r.out).runs[0].tool.driver.rules;
  assert.deepEqual(
    rules.map((x) => x.id),
    allChecks().map((c) => c.code),
  );
  const effect = rules.find((x) => x.id === 'INVALID_EFFECT');
  assert.ok(effect);
  assert.equal(effect.shortDescription.text, 'Invalid effect');
  assert.equal(effect.defaultConfiguration.level, 'error');
  assert.match(
    effect.helpUri,
    /access-analyzer-reference-policy-checks\.html#access-analyzer-reference-policy-checks-error-invalid-effect$/,
  );
});

test('--sarif-base makes SARIF paths relative to another folder', async () => {
  const r = await runCliCaptured(['check', '--format', 'sarif', '--sarif-base', '..', 'mistakes'], { cwd: EXAMPLES });
  const run = JSON.parse(r.out).runs[0];
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'examples/mistakes/effect-and-syntax.iam.json');
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(ROOT).href}/`);
});

test('SARIF escapes paths as URIs (spaces, #)', async (t) => {
  const dir = tempDir(t, 'iam-cli-');
  writeFileSync(join(dir, 'my policy #1.iam.json'), '{ "Statement": [{ "Effect": "Allow", "Resource": "*" }] }');
  const r = await runCliCaptured(['check', '--format', 'sarif'], { cwd: dir });
  const log = JSON.parse(r.out);
  assert.equal(sarifValidator()(log), undefined);
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20policy%20%231.iam.json');
});

test('--format json lists every checked file with 1-based positions, severity names and counts', async () => {
  const r = await runCliCaptured(
    ['check', '-f', 'json', 'mistakes', 'policies/developers.iam.json', 'policies/reports-bucket-policy.json'],
    { cwd: EXAMPLES },
  );
  assert.equal(r.code, 1);
  const out = JSON.parse(r.out);
  assert.deepEqual(
    out.files.map((f: { path: string }) => f.path),
    ['mistakes/effect-and-syntax.iam.json', 'policies/developers.iam.json', 'policies/reports-bucket-policy.json'],
  );
  assert.deepEqual(out.files[0].diagnostics[0], {
    line: 6,
    column: 17,
    endLine: 6,
    endColumn: 24,
    severity: 'error',
    code: 'INVALID_EFFECT',
    message: '`Effect` must be "Allow" or "Deny", found "allow".',
    docUrl:
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-effect',
  });
  assert.deepEqual(out.summary, {
    filesChecked: 3,
    filesSkipped: 0,
    filesWithProblems: 1,
    errors: 2,
    warnings: 0,
    information: 0,
    hints: 0,
  });
});

test('--format json: a failing access test names the deciding statement as a related location', async () => {
  const r = await runCliCaptured(['check', '--format', 'json', 'workspace.iam-model.json'], { cwd: join(ROOT, 'test/data/cli/ws-model') });
  const diagnostics: { code: string; message: string; related?: unknown[] }[] = JSON.parse(r.out).files[0].diagnostics;
  const denied = diagnostics.find((d) => d.message.includes('alice may not read objects'));
  assert.deepEqual(denied?.related, [
    { path: 'policies/readers.iam.json', line: 3, column: 17, message: 'Allowed by Readers statement #1' },
  ]);
});

test('the whole example workspace: errors only in mistakes/ and the templates, every candidate file checked or skipped, exit 1', async () => {
  const r = await runCliCaptured(['check', '--format', 'json'], { cwd: EXAMPLES });
  assert.equal(r.code, 1);
  const out = JSON.parse(r.out);
  const withErrors = out.files.filter((f: { diagnostics: { severity: string }[] }) => f.diagnostics.some((d) => d.severity === 'error'));
  assert.deepEqual(
    withErrors.map((f: { path: string }) => f.path),
    ['cloudformation/app.yaml', 'mistakes/effect-and-syntax.iam.json', 'terraform/main.tf'],
  );
  // The mistakes in policy files, the CloudFormation template and the Terraform file.
  assert.deepEqual(
    out.files.flatMap((f: { path: string; diagnostics: { code: string; severity: string }[] }) =>
      f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path} ${d.code}`),
    ),
    [
      'cloudformation/app.yaml INVALID_ACTION',
      'mistakes/effect-and-syntax.iam.json INVALID_EFFECT',
      'mistakes/effect-and-syntax.iam.json JSON_SYNTAX_ERROR',
      'terraform/main.tf INVALID_ACTION',
      'terraform/main.tf INVALID_EFFECT',
    ],
  );
  assert.ok(
    out.files.some((f: { path: string }) => f.path === 'policies/reports-bucket-policy.json'),
    'detected by content',
  );
  const jsonFiles = walkJson(EXAMPLES);
  assert.equal(out.summary.filesChecked + out.summary.filesSkipped, jsonFiles.length);
  const policies = await runCliCaptured(['check', 'policies'], { cwd: EXAMPLES });
  assert.equal(policies.code, 0, policies.out);
});

/** Every non-hidden .json, .yaml, .yml, .template and .tf file below `dir`, counted independently of the CLI's own walk. */
function walkJson(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (p) => /\.(json|ya?ml|template|tf)$/.test(p) && !p.split(/[\\/]/).some((s) => s.startsWith('.')),
  );
}

test('--output writes the report to a file and leaves stdout empty', async (t) => {
  const dir = tempDir(t, 'iam-cli-');
  const file = join(dir, 'results.sarif');
  const r = await runCliCaptured(['check', '--format', 'sarif', '--output', file, 'mistakes'], { cwd: EXAMPLES });
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).runs[0].results.length, 2);
});

test('colour only on a terminal, never with NO_COLOR, and --color/--no-color override', async () => {
  const esc = '\u001b[';
  const run = (args: string[], tty: boolean, env: NodeJS.ProcessEnv = {}) =>
    runCliCaptured(['check', ...args, 'mistakes'], { cwd: EXAMPLES, tty, env });
  assert.ok(!(await run([], false)).out.includes(esc), 'pipe: plain');
  const tty = (await run([], true)).out;
  assert.ok(tty.includes(`${esc}31merror${esc}39m`), 'terminal: red severity');
  assert.ok(!(await run([], true, { NO_COLOR: '1' })).out.includes(esc), 'NO_COLOR: plain');
  assert.ok((await run(['--color'], false)).out.includes(esc), '--color forces colour');
  assert.ok(!(await run(['--no-color'], true)).out.includes(esc), '--no-color');
});

test('progress goes to stderr on a terminal for long runs, and is cleared at the end', async (t) => {
  const dir = tempDir(t, 'iam-cli-');
  for (let i = 0; i < 120; i++)
    writeFileSync(
      join(dir, `p${i}.iam.json`),
      '{ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*" }] }',
    );
  const stderr = Object.assign(new PassThrough(), { isTTY: true });
  let err = '';
  stderr.on('data', (d) => (err += String(d)));
  const stdout = new PassThrough();
  stdout.resume();
  const code = await runCli(['check', dir], { stdout, stderr, stdin: Readable.from(['']), cwd: dir, env: {} });
  assert.equal(code, 0);
  assert.equal(err, '\rChecking 0/120 files…\rChecking 50/120 files…\rChecking 100/120 files…\r\u001b[K');
  const piped = await runCliCaptured(['check'], { cwd: dir });
  assert.equal(piped.err, '', 'no progress when stderr is not a terminal');
});

test('exit codes: errors fail; warnings fail only with --fail-on warning or beyond --max-warnings', () => {
  const diag = (severity: 1 | 2 | 3) => ({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    message: 'm',
    severity,
    code: 'X',
  });
  const report = (...severities: (1 | 2 | 3)[]): CheckReport => ({
    files: [{ path: 'a.iam.json', diagnostics: severities.map(diag) }],
    skipped: 0,
  });
  const lenient = { failOn: 'error', maxWarnings: Infinity } as const;
  assert.equal(exitCode(report(), lenient), 0);
  assert.equal(exitCode(report(3, 3), lenient), 0);
  assert.equal(exitCode(report(2), lenient), 0);
  assert.equal(exitCode(report(1), lenient), 1);
  assert.equal(exitCode(report(2), { failOn: 'warning', maxWarnings: Infinity }), 1);
  assert.equal(exitCode(report(2), { failOn: 'error', maxWarnings: 0 }), 1);
  assert.equal(exitCode(report(2, 2), { failOn: 'error', maxWarnings: 2 }), 0);
  assert.equal(exitCode(report(2, 2, 2), { failOn: 'error', maxWarnings: 2 }), 1);
});

test('bad --fail-on and --max-warnings values are usage errors', async () => {
  const a = await runCliCaptured(['check', '--fail-on', 'info'], { cwd: EXAMPLES });
  assert.equal(a.code, 2);
  assert.match(a.err, /--fail-on takes 'error' or 'warning', not 'info'/);
  const b = await runCliCaptured(['check', '--max-warnings', 'many'], { cwd: EXAMPLES });
  assert.equal(b.code, 2);
  assert.match(b.err, /--max-warnings takes a whole number, not 'many'/);
});

test('every subcommand (check, evaluate, lsp, simulate, test) has --help (exit 0), and --version names the catalog data', async () => {
  assert.deepEqual(commands.map((c) => c.name).filter((n) => ['check', 'evaluate', 'lsp', 'simulate', 'test'].includes(n)).length, 5);
  for (const { name } of commands) {
    const r = await runCliCaptured([name, '--help']);
    assert.equal(r.code, 0, name);
    assert.match(r.out, new RegExp(`^Usage: iam-policy-studio ${name}`), name);
  }
  const v = await runCliCaptured(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.out, /^iam-policy-studio \d+\.\d+\.\d+\nAWS service catalog: .*\d+ services, \d+ actions\n$/);
});

test('an unknown command is a usage error that lists every command', async () => {
  const r = await runCliCaptured(['lint']);
  assert.equal(r.code, 2);
  assert.match(r.err, /^iam-policy-studio: unknown command 'lint'\.\n\nUsage: iam-policy-studio <command> \[options\]/);
  for (const c of commands) assert.match(r.err, new RegExp(`\n  ${c.name} +${c.summary.replace(/[()]/g, '\\$&')}\n`));
});

test('simulate and test share the option parser: unknown options and formats are usage errors with a --help hint', async () => {
  for (const args of [
    ['simulate', '--bogus'],
    ['test', '--format', 'xml', 'm.iam-model.json'],
    ['simulate', '-f', 'xml'],
  ]) {
    const r = await runCliCaptured(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(
      r.err,
      new RegExp(`^iam-policy-studio ${args[0]}: .*\\.\\nRun 'iam-policy-studio ${args[0]} --help' for usage\\.\\n$`),
      r.err,
    );
  }
});

test('lsp rejects options other than --stdio', async () => {
  const r = await runCliCaptured(['lsp', '--socket=9000']);
  assert.equal(r.code, 2);
  assert.match(r.err, /only --stdio is supported/);
});
