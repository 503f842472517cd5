/** Settings for CLI runs: .vscode/settings.json, then .iam-policy-studio.json (or --config). */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../server/src/cli/config';
import { readSettings } from '../../../server/src/node/settings';
import { tempDir } from '../../helpers/tempDir';

function folder(t: TestContext, files: Record<string, string>): string {
  const dir = tempDir(t, 'iam-config-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

test('no config files: the defaults', (t) => {
  const c = loadConfig(folder(t, {}));
  assert.deepEqual(c.settings, { severity: {}, detectByContent: true, exclude: [], accessLenses: true, escalationWarnings: true });
  assert.deepEqual(c.sources, []);
});

test('settings.json keys (dotted or nested, with comments) merge under the config file, per severity code', (t) => {
  const dir = folder(t, {
    '.vscode/settings.json':
      '{ /* c */ "iamPolicyStudio.severity": { "A": "hint", "B": "error" }, "iamPolicyStudio": { "exclude": ["x"] }, "editor.tabSize": 4, }',
    '.iam-policy-studio.json': '{ "severity": { "B": "off" }, "detectByContent": false, "exclude": ["y"] }',
  });
  const c = loadConfig(dir);
  assert.deepEqual(c.settings, {
    severity: { A: 'hint', B: 'off' },
    detectByContent: false,
    exclude: ['x', 'y'],
    accessLenses: true,
    escalationWarnings: true,
  });
  assert.equal(c.sources.length, 2);
  assert.deepEqual(c.warnings, []);
});

test('--config replaces the default config file and must exist', (t) => {
  const dir = folder(t, { '.iam-policy-studio.json': '{ "detectByContent": false }', 'ci.json': '{ "exclude": ["tmp"] }' });
  assert.deepEqual(loadConfig(dir, 'ci.json').settings, {
    severity: {},
    detectByContent: true,
    exclude: ['tmp'],
    accessLenses: true,
    escalationWarnings: true,
  });
  assert.throws(() => loadConfig(dir, 'missing.json'), ConfigError);
});

test('wrong values are ignored with a warning that names the key and what is expected', (t) => {
  const dir = folder(t, {
    '.iam-policy-studio.json': '{ "severity": { "A": "fatal", "B": "warning" }, "detectByContent": "yes", "exclude": "x" }',
  });
  const c = loadConfig(dir);
  assert.deepEqual(c.settings, {
    severity: { B: 'warning' },
    detectByContent: true,
    exclude: [],
    accessLenses: true,
    escalationWarnings: true,
  });
  assert.deepEqual(
    c.warnings.map((w) => w.slice(w.indexOf(': ') + 2)),
    [
      'severity.A: expected error, warning, information, hint or off, found "fatal" (ignored)',
      'detectByContent: expected true or false, found "yes" (ignored)',
      'exclude: expected an array of glob strings (ignored)',
    ],
  );
});

test('severity values are read like the service reads them: any case, and info for information', () => {
  const r = readSettings({ severity: { A: 'Warning', B: 'INFO', C: 'Off' } });
  assert.deepEqual(r.settings.severity, { A: 'warning', B: 'information', C: 'off' });
  assert.deepEqual(r.problems, []);
});

test('readSettings reports a non-object and keeps the base', () => {
  const r = readSettings([1, 2]);
  assert.deepEqual(r.settings, { severity: {}, detectByContent: true, exclude: [], accessLenses: true, escalationWarnings: true });
  assert.equal(r.problems.length, 1);
});

test('accessLenses and escalationWarnings: booleans, a wrong value is reported and ignored', () => {
  const r = readSettings({ accessLenses: false, escalationWarnings: 'no' });
  assert.equal(r.settings.accessLenses, false);
  assert.equal(r.settings.escalationWarnings, true);
  assert.deepEqual(r.problems, [{ key: 'escalationWarnings', message: 'expected true or false, found "no"' }]);
});
