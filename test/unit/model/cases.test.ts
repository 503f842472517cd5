/**
 * Data-driven model tests: each test/data/model/*.json holds a small workspace (`files`), the
 * model file to resolve, and what a user would see: problems (code + JSON path), gathered
 * policies, derived context keys, simulation decisions with the deciding statements, reachable
 * roles, and access-test outcomes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  findPrincipal,
  gatherIdentity,
  gatherResource,
  memoryHost,
  principalContext,
  reachableRoles,
  requestContext,
  resolveModel,
  resourceContext,
  type ManagedPolicyDocument,
  type Model,
  type ModelPolicy,
} from '../../../server/src/core/model';
import { parseArn, requiredPolicy } from '../../../server/src/core/evaluator';
import { runAccessTests } from '../../../server/src/service/accessTests';
import { simulate } from '../../../server/src/service/simulation';
import { getCatalog } from '../../../server/src/node/catalogFile';

const DIR = join(__dirname, '../../data/model');
const NOW = new Date('2024-06-01T12:00:00Z');

interface Case {
  description: string;
  files: Record<string, unknown>;
  model: string;
  managed?: ManagedPolicyDocument[];
  problems?: { code: string; file?: string; path: (string | number)[] }[];
  gather?: { principal: string; action: string; resource: string; expect: Record<string, unknown> }[];
  context?: {
    principal: string;
    resource?: string;
    sessionTags?: Record<string, string>;
    expect: Record<string, string | string[] | null>;
  }[];
  simulate?: { input: Record<string, unknown>; errors?: string[]; expect: ExpectedEntry[] }[];
  reachable?: { principal: string; expect: string[][] }[];
  tests?: { passed: number[]; failed: number[] };
}

interface ExpectedEntry {
  action: string;
  resource: string;
  decision: string;
  blockedBy?: string;
  decidedBy?: string[];
  missingContextKeys?: string[];
  summaryIncludes?: string;
}

function load(c: Case): Model {
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.files)) files[k] = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  const value: unknown = JSON.parse(files[c.model] as string);
  return resolveModel(value, c.model, memoryHost(files, c.managed ?? []));
}

const names = (ps: readonly ModelPolicy[]) => ps.map((p) => p.name);

function principalOf(model: Model, text: string) {
  const found = findPrincipal(model, text);
  assert.ok(found.ok, `principal ${text}: ${found.ok ? '' : found.message}`);
  return found.principal;
}

function checkProblems(model: Model, c: Case): void {
  const got = model.problems.map((p) => ({ code: p.code, file: p.file, path: p.path }));
  const want = (c.problems ?? []).map((p) => ({ code: p.code, file: p.file ?? c.model, path: p.path }));
  assert.deepEqual(got, want, model.problems.map((p) => p.message).join('\n'));
}

function checkGather(model: Model, g: NonNullable<Case['gather']>[number]): void {
  const p = principalOf(model, g.principal);
  const id = gatherIdentity(model, p);
  const res = gatherResource(model, g.resource, g.action, id.account);
  const got: Record<string, unknown> = {
    identity: names(id.identity),
    boundaries: names(id.boundaries),
    scps: id.scps.map(names),
    rcps: res.rcps.map(names),
    resourcePolicy: res.policy?.name ?? null,
    resourceAccount: res.account ?? null,
    // Which resource policy must itself allow, as the evaluator decides it from the action and ARN.
    requiredPolicy: requiredPolicy(g.action, parseArn(g.resource), res.policy !== undefined) ?? null,
  };
  for (const [k, v] of Object.entries(g.expect)) assert.deepEqual(got[k], v, `gather ${g.principal} ${g.action} ${g.resource}: ${k}`);
}

function checkContext(model: Model, x: NonNullable<Case['context']>[number]): void {
  const p = principalOf(model, x.principal);
  const id = gatherIdentity(model, p);
  const r = resourceContext(model, gatherResource(model, x.resource ?? '*', 's3:GetObject', id.account));
  const ctx = requestContext(principalContext(model, p, { now: NOW, ...(x.sessionTags ? { sessionTags: x.sessionTags } : {}) }), r);
  for (const [k, v] of Object.entries(x.expect)) assert.deepEqual(ctx[k] ?? null, v, `context of ${x.principal}: ${k}`);
}

function checkSimulation(model: Model, s: NonNullable<Case['simulate']>[number]): void {
  const result = simulate(model, s.input as never, { catalog: getCatalog(), now: NOW });
  assert.deepEqual(
    result.errors.map((e) => e.replace(/\s+/g, ' ')),
    s.errors ?? [],
  );
  const got = result.entries.map((e) => ({ action: e.action, resource: e.resource, decision: e.decision }));
  assert.deepEqual(
    got,
    s.expect.map((e) => ({ action: e.action, resource: e.resource, decision: e.decision })),
    JSON.stringify(result.entries.map((e) => e.summary)),
  );
  s.expect.forEach((want, i) => {
    const e = result.entries[i]!;
    if (want.blockedBy !== undefined) assert.equal(e.blockedBy, want.blockedBy, e.summary);
    if (want.decidedBy)
      assert.deepEqual(
        e.decidedBy.map((d) => `${d.file}#${d.filePath.join('.')}`),
        want.decidedBy,
        e.summary,
      );
    if (want.missingContextKeys) assert.deepEqual(e.missingContextKeys, want.missingContextKeys);
    if (want.summaryIncludes) assert.ok(e.summary.includes(want.summaryIncludes), `${e.summary} should include ${want.summaryIncludes}`);
  });
  // Brief results (CLI --brief, large matrices) come from the evaluator's lean path: the same
  // entries, without the per-statement explanation.
  const brief = simulate(model, s.input as never, { catalog: getCatalog(), now: NOW, brief: true });
  assert.deepEqual(
    brief.entries,
    result.entries.map(({ policies: _p, policySources: _s, ...rest }) => rest),
  );
}

for (const name of readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const c = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Case;
  test(`model: ${name.replace(/\.json$/, '')}: ${c.description}`, () => {
    const model = load(c);
    checkProblems(model, c);
    for (const g of c.gather ?? []) checkGather(model, g);
    for (const x of c.context ?? []) checkContext(model, x);
    for (const s of c.simulate ?? []) checkSimulation(model, s);
    for (const r of c.reachable ?? [])
      assert.deepEqual(
        reachableRoles(model, principalOf(model, r.principal)).map((x) => x.chain),
        r.expect,
        `reachable from ${r.principal}`,
      );
    if (c.tests) {
      const results = runAccessTests(model, { catalog: getCatalog(), now: NOW });
      assert.deepEqual(
        { passed: results.filter((t) => t.passed).map((t) => t.index), failed: results.filter((t) => !t.passed).map((t) => t.index) },
        c.tests,
        results.map((t) => t.message).join('\n'),
      );
    }
  });
}
