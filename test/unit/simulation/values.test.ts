/** What people type in the simulation's input boxes becomes these request values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseContextValue, parseTags } from '../../../client/src/simulation/values';

test('session tags: key=value pairs separated by commas', () => {
  assert.deepEqual(parseTags('team=platform, project = reports'), { team: 'platform', project: 'reports' });
  assert.deepEqual(parseTags('cost-center='), { 'cost-center': '' }, 'an empty value is a value');
  assert.deepEqual(parseTags(''), {});
  assert.equal(parseTags('team'), undefined);
  assert.equal(parseTags('=x'), undefined);
});

test('context values: one value, several values, or missing', () => {
  assert.equal(parseContextValue(' audit-2024 '), 'audit-2024');
  assert.deepEqual(parseContextValue('10.0.0.1, 10.0.0.2'), ['10.0.0.1', '10.0.0.2']);
  assert.equal(parseContextValue('  '), undefined);
});
