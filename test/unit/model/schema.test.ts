/**
 * schemas/iam-model.schema.json accepts the example organization and every model of the
 * data-driven cases, and rejects what the resolver would also reject (so the editor's squiggles
 * and `iam-policy-studio test` agree).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';

const ROOT = join(__dirname, '../../..');
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas/iam-model.schema.json'), 'utf8')) as object);

test('model schema: the example organization is valid', () => {
  assert.equal(
    validate(JSON.parse(readFileSync(join(ROOT, 'examples/organization.iam-model.json'), 'utf8'))),
    true,
    JSON.stringify(validate.errors),
  );
});

test('model schema: every model file of the data-driven cases is valid (problems there are references, not shape)', () => {
  const dir = join(ROOT, 'test/data/model');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { model: string; files: Record<string, unknown> };
    if (!c.model.endsWith('.iam-model.json')) continue;
    const value = c.files[c.model] as { tests?: { expect: string }[] };
    // problems.json has an intentionally wrong "expect"; the schema must say so too.
    const ok = validate(value);
    if (name === 'problems.json') assert.equal(ok, false);
    else assert.equal(ok, true, `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

test('model schema: the serverless example and the template-import cases are valid (import-problems has a 5-digit account on purpose)', () => {
  assert.equal(
    validate(JSON.parse(readFileSync(join(ROOT, 'examples/serverless/orders.iam-model.json'), 'utf8'))),
    true,
    JSON.stringify(validate.errors),
  );
  const dir = join(ROOT, 'test/data/model-templates');
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { model: string; files: Record<string, unknown> };
    const ok = validate(c.files[c.model]);
    assert.equal(ok, name !== 'import-problems.json', `${name}: ${JSON.stringify(validate.errors)}`);
  }
});

test('model schema: wrong shapes are rejected', () => {
  const bad: unknown[] = [
    { accounts: [{ id: '12345' }] },
    { accounts: [{ id: '111122223333', users: { a: { groups: 'Developers' } } }] },
    { accounts: [{ id: '111122223333', users: { a: { unknownField: true } } }] },
    { accounts: [{ id: '111122223333', roles: { r: { maxSessionDuration: 60 } } }] },
    { tests: [{ principal: 'a', action: 's3:GetObject' }] },
    { accounts: [{ id: '111122223333', policies: { P: '/etc/passwd' } }] },
    { imports: ['C:\\\\aws\\\\gaad.json'] },
  ];
  for (const b of bad) assert.equal(validate(b), false, JSON.stringify(b));
});
