/**
 * Data-driven reachability tests: each test/data/reach/*.json holds a small workspace, the model
 * file, and the answers a user would see: who can make a request (principal, role chain, deciding
 * statement Sids, conditions), exactly — every principal listed and no other.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  escalationPaths,
  METHODS,
  principalCan,
  runPathAssertions,
  whoCan,
  type ManagedPolicyDocument,
  type Model,
} from '../../../server/src/core/model';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { loadCaseModel } from '../../helpers/modelCases';

const DIR = join(__dirname, '../../data/reach');
const NOW = new Date('2024-06-01T12:00:00Z');

interface WhoCanCase {
  action: string;
  resource: string;
  context?: Record<string, string>;
  expect: { principal: string; resource?: string; via?: string[]; decidedBy?: string[]; conditions?: string[] }[];
}

interface PathCase {
  from?: string;
  to?: string;
  why?: string;
  /** null: no path (a near miss); else the path's methods (catalog ids), and optionally its actions and final principal. */
  expect: { methods: string[]; actions?: string[]; via?: string } | null;
}

interface Case {
  description: string;
  files: Record<string, unknown>;
  model: string;
  managed?: ManagedPolicyDocument[];
  whoCan?: WhoCanCase[];
  paths?: PathCase[];
  /** Expected model problems (code and JSON path); none when absent. */
  problems?: { code: string; path: (string | number)[] }[];
  /** Effective permissions: every grant (`<action> on <resource>[ except …][ needs …]`) and blocked request (`… by <policy type>`), exactly. */
  can?: { principal: string; expect: string[]; blocked?: string[] }[];
  /** noPath assertions: which pass and fail (indexes in the model's pathAssertions), and failure messages. */
  assertions?: { passed: number[]; failed: number[]; messages?: Record<string, string> };
}

function checkWhoCan(model: Model, w: WhoCanCase): void {
  const r = whoCan(
    model,
    { actions: [w.action], resources: [w.resource] },
    { catalog: getCatalog(), now: NOW, ...(w.context ? { context: w.context } : {}) },
  );
  assert.deepEqual(r.errors, []);
  const label = `who can ${w.action} on ${w.resource}`;
  const got = r.entries.map((e) => `${e.principal} ${e.resource === w.resource ? '' : e.resource} via [${e.via.join(', ')}]`).sort();
  const want = w.expect.map((e) => `${e.principal} ${e.resource ?? ''} via [${(e.via ?? []).join(', ')}]`).sort();
  assert.deepEqual(got, want, label);
  for (const e of w.expect) {
    const hit = r.entries.find((x) => x.principal === e.principal && (e.resource === undefined || x.resource === e.resource));
    if (e.decidedBy)
      assert.deepEqual(
        hit?.decidedBy.map((d) => d.sid ?? `#${d.statementIndex}`),
        e.decidedBy,
        `${label}: ${e.principal} decided by`,
      );
    if (e.conditions)
      assert.deepEqual(
        hit?.conditions.map((c) => `${c.operator} ${c.key} ${c.values.join('|')}`),
        e.conditions,
        `${label}: ${e.principal} conditions`,
      );
  }
}

function checkCan(model: Model, c: NonNullable<Case['can']>[number]): void {
  const r = principalCan(model, c.principal, { catalog: getCatalog(), now: NOW });
  assert.deepEqual(r.errors, []);
  const got = r.grants
    .map(
      (g) =>
        `${g.action} on ${g.resource}${g.except.length > 0 ? ` except ${g.except.join(', ')}` : ''}${g.needs.length > 0 ? ` needs ${g.needs.join(', ')}` : ''}`,
    )
    .sort();
  assert.deepEqual(got, [...c.expect].sort(), `${c.principal} can`);
  for (const g of r.grants)
    if (g.needs.length === 0) assert.ok(g.decidedBy.length > 0, `${c.principal}: ${g.action} names its deciding statements`);
  if (c.blocked)
    assert.deepEqual(
      r.blocked.map((b) => `${b.action} on ${b.resource} by ${b.blockedBy}`).sort(),
      [...c.blocked].sort(),
      `${c.principal} blocked`,
    );
}

function checkPath(model: Model, p: PathCase): void {
  const r = escalationPaths(
    model,
    { ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) },
    { catalog: getCatalog(), now: NOW },
  );
  assert.deepEqual(r.errors, []);
  const label = `paths from ${p.from ?? 'every principal'} to ${p.to ?? 'admin'}`;
  const got = r.paths[0];
  if (p.expect === null) {
    assert.equal(
      r.paths.length,
      0,
      `${label} (blocked by ${p.why ?? '?'}): ${JSON.stringify(got?.steps.map((s) => `${s.principal} ${s.action} ${s.resource}`))}`,
    );
    return;
  }
  assert.ok(got, `${label}: expected a path`);
  assert.deepEqual(
    got.methods,
    p.expect.methods,
    `${label}: ${JSON.stringify(got.steps.map((s) => `${s.method} ${s.action} ${s.resource}`))}`,
  );
  if (p.expect.actions)
    assert.deepEqual(
      got.steps.map((s) => s.action),
      p.expect.actions,
      label,
    );
  if (p.expect.via) assert.equal(got.via, p.expect.via, label);
  for (const s of got.steps) assert.ok(s.decidedBy.length > 0, `${label}: step ${s.action} names its deciding statements`);
}

for (const name of readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const c = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Case;
  test(`reach: ${name.replace(/\.json$/, '')}: ${c.description.slice(0, 120)}`, () => {
    const model = loadCaseModel(c);
    for (const w of c.whoCan ?? []) checkWhoCan(model, w);
    for (const x of c.can ?? []) checkCan(model, x);
    for (const p of c.paths ?? []) checkPath(model, p);
    if (c.assertions) {
      const results = runPathAssertions(model, { catalog: getCatalog(), now: NOW });
      assert.deepEqual(
        { passed: results.filter((r) => r.passed).map((r) => r.index), failed: results.filter((r) => !r.passed).map((r) => r.index) },
        { passed: c.assertions.passed, failed: c.assertions.failed },
        results.map((r) => r.message).join('\n'),
      );
      for (const [i, m] of Object.entries(c.assertions.messages ?? {})) assert.equal(results[Number(i)]?.message, m);
    }
  });
}

// methods.json is read as typed data (core/model/reach/methods.ts): the graph relies on every
// method having a kind it knows, and on every passrole method naming the service it passes to.
test('escalation methods: known kinds, and a service for every passrole method', () => {
  const kinds = ['assume', 'credentials', 'trust-update', 'write', 'policy-version', 'group-membership', 'boundary', 'passrole', 'compute'];
  assert.ok(METHODS.length > 30);
  for (const m of METHODS) {
    assert.ok(kinds.includes(m.kind), `${m.id}: kind ${m.kind}`);
    if (m.kind === 'passrole') assert.match(m.service, /^[a-z0-9-]+(\.[a-z0-9-]+)*\.amazonaws\.com$/, m.id);
  }
});
