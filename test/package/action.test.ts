/**
 * The GitHub Action and the pre-commit hook run the commands their manifests name: action.yml's
 * step is scripts/action/run.sh (run here with the INPUT_* variables GitHub would set), and the
 * pre-commit hook's entry is `iam-policy-studio check` over the staged file names.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';

const repo = resolve(__dirname, '..', '..');
let work: string;

const BAD = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] };
const WARN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };

function runAction(env: Record<string, string>, actionPath = repo): { code: number | null; out: string; err: string; output: string } {
  const ghOutput = join(work, `output-${Math.random().toString(36).slice(2)}`);
  writeFileSync(ghOutput, '');
  const r = spawnSync('bash', [join(actionPath, 'scripts', 'action', 'run.sh')], {
    cwd: join(work, 'ws'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_ACTION_PATH: actionPath, GITHUB_OUTPUT: ghOutput, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr, output: readFileSync(ghOutput, 'utf8') };
}

describe('GitHub Action (action.yml → scripts/action/run.sh)', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'iam-studio-action-'));
    cpSync(join(repo, 'test', 'package', 'fixtures', 'ws'), join(work, 'ws'), { recursive: true });
    writeFileSync(join(work, 'ws', 'policies', 'bad.policy.json'), JSON.stringify(BAD, null, 2));
    writeFileSync(join(work, 'ws', 'policies', 'warn.policy.json'), JSON.stringify(WARN, null, 2));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('action.yml passes every input to the step, and the step is run.sh', () => {
    const yml = readFileSync(join(repo, 'action.yml'), 'utf8');
    assert.match(yml, /using: composite/);
    assert.match(yml, /run: bash "\$GITHUB_ACTION_PATH\/scripts\/action\/run\.sh"/);
    const inputsBlock = yml.slice(yml.indexOf('\ninputs:\n'), yml.indexOf('\noutputs:\n'));
    const inputs = [...inputsBlock.matchAll(/^ {2}([a-z-]+):\n {4}description:/gm)].map((m) => m[1]!);
    assert.ok(inputs.length >= 7, `inputs: ${inputs.join(', ')}`);
    const script = readFileSync(join(repo, 'scripts', 'action', 'run.sh'), 'utf8');
    for (const input of inputs.filter((i) => i !== 'working-directory')) {
      const variable = `INPUT_${input.toUpperCase().replace(/-/g, '_')}`;
      assert.match(yml, new RegExp(`${variable}: \\$\\{\\{ inputs\\.${input} \\}\\}`), `${input} reaches the step`);
      assert.ok(script.includes(variable), `run.sh reads ${variable}`);
    }
  });

  it('annotates the error, writes SARIF, sets the exit-code output and fails the step', () => {
    const r = runAction({ INPUT_PATHS: 'policies', INPUT_FORMAT: 'github', INPUT_SARIF_FILE: 'report.sarif' });
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^::error file=policies\/bad\.policy\.json,line=\d+,col=\d+.*title=INVALID_ACTION::/m);
    assert.equal(r.output.trim(), 'exit-code=1');
    const sarif = JSON.parse(readFileSync(join(work, 'ws', 'report.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === 'INVALID_ACTION'));
  });

  it('fail-on warning fails on a warning alone; paths split on white space', () => {
    const onlyWarn = runAction({
      INPUT_PATHS: 'policies/warn.policy.json  policies/ok.policy.json',
      INPUT_FORMAT: 'text',
      INPUT_FAIL_ON: 'error',
    });
    assert.equal(onlyWarn.code, 0, onlyWarn.out + onlyWarn.err);
    assert.match(onlyWarn.out, /warn\.policy\.json:\d+:\d+ warning /);
    const strict = runAction({
      INPUT_PATHS: 'policies/warn.policy.json\npolicies/ok.policy.json',
      INPUT_FORMAT: 'text',
      INPUT_FAIL_ON: 'warning',
    });
    assert.equal(strict.code, 1);
  });

  it('a quoted glob reaches the CLI unexpanded', () => {
    const r = runAction({ INPUT_PATHS: 'policies/ok*.json', INPUT_FORMAT: 'text' });
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /0 errors, 0 warnings in 0 of 1 file checked/);
  });

  it("builds the CLI from the action's own source when the checkout has no dist/ (uses: owner/repo@ref)", (t) => {
    const listed = spawnSync('git', ['-C', repo, 'ls-files', '-z'], { encoding: 'utf8' });
    if (listed.status !== 0) return t.skip('not a git checkout');
    const checkout = join(work, 'action-checkout');
    for (const f of listed.stdout.split('\0').filter((x) => x && !x.startsWith('test/') && !x.startsWith('docs/'))) {
      cpSync(join(repo, f), join(checkout, f), { recursive: true });
    }
    const r = runAction({ INPUT_PATHS: 'policies', INPUT_FORMAT: 'text' }, checkout);
    assert.match(r.err, /Building iam-policy-studio from /);
    assert.equal(r.code, 1, r.err.slice(-2000));
    assert.match(r.out, /policies\/bad\.policy\.json:\d+:\d+ error INVALID_ACTION/);
  });

  it('rejects a version that is not a package version, without running anything', () => {
    const r = runAction({ INPUT_VERSION: '1.0; rm -rf /' });
    assert.equal(r.code, 2);
    assert.match(r.err, /not a package version/);
  });
});

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  it('runs `iam-policy-studio check` on staged policy files and templates; other files are skipped', () => {
    const hooks = readFileSync(join(repo, '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(hooks, /^ {2}entry: iam-policy-studio check$/m);
    assert.match(hooks, /^ {2}language: node$/m);
    const files = new RegExp(/^ {2}files: (.+)$/m.exec(hooks)![1]!);
    for (const f of ['a.policy.json', 'infra/app.yaml', 'main.tf', 'stack.template']) assert.ok(files.test(f), f);
    assert.ok(!files.test('README.md'));
    // The hook's entry with the staged names, as pre-commit calls it.
    const ws = mkdtempSync(join(tmpdir(), 'iam-studio-hook-'));
    try {
      writeFileSync(join(ws, 'package.json'), '{"name":"x"}');
      writeFileSync(join(ws, 'bad.policy.json'), JSON.stringify(BAD));
      const cli = join(repo, 'dist', 'cli.js');
      const clean = spawnSync(process.execPath, [cli, 'check', 'package.json'], { cwd: ws, encoding: 'utf8' });
      assert.equal(clean.status, 0, clean.stdout + clean.stderr);
      const dirty = spawnSync(process.execPath, [cli, 'check', 'package.json', 'bad.policy.json'], { cwd: ws, encoding: 'utf8' });
      assert.equal(dirty.status, 1);
      assert.match(dirty.stdout, /bad\.policy\.json:\d+:\d+ error INVALID_ACTION/);
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
