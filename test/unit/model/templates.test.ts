/**
 * Data-driven tests of template imports (`"imports": ["infra/app.yaml"]`): each
 * test/data/model-templates/*.json holds a small workspace with a CloudFormation/SAM template or a
 * Terraform configuration and a model file, and what a user sees: the entities the template
 * defines (by logical ID or Terraform address, with their ARNs, policies, boundaries, trust,
 * tags), the values documents were rendered with, problems on the import, simulation decisions
 * with the template lines' JSON paths, and access-test outcomes.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  escalationPaths,
  memoryHost,
  resolveModel,
  runNeverAssertions,
  runPathAssertions,
  whoCan,
  type ManagedPolicyDocument,
  type Model,
  type ModelHost,
  type ModelPolicy,
} from '../../../server/src/core/model';
import { runAccessTests } from '../../../server/src/service/accessTests';
import { simulate } from '../../../server/src/service/simulation';
import { getCatalog } from '../../../server/src/node/catalogFile';
import { awsManagedPolicy } from '../../../server/src/node/managedPolicies';
import { importTemplate } from '../../../server/src/service/templateModel';
import { testTerraformParser } from '../../helpers/terraform';
import type { TopLevelBlock } from '../../../server/src/service/hosts/terraform';

const DIR = join(__dirname, '../../data/model-templates');
const NOW = new Date('2024-06-01T12:00:00Z');

interface Case {
  description: string;
  source?: string;
  files: Record<string, unknown>;
  model: string;
  managed?: ManagedPolicyDocument[];
  problems?: { code: string; path: (string | number)[]; severity?: string; messageIncludes?: string }[];
  entities?: Record<string, Record<string, Record<string, unknown>>>;
  resources?: Record<string, unknown>[];
  rendered?: Record<string, string[][]>;
  simulate?: {
    input: Record<string, unknown>;
    errors?: string[];
    expect: { action: string; resource: string; decision: string; decidedBy?: string[]; blockedBy?: string; summaryIncludes?: string }[];
  }[];
  tests?: { passed: number[]; failed: number[] };
  /** `iam-policy-studio who-can`: per question, `principal` or `principal via role,…`, sorted. */
  whoCan?: { input: { actions: string[]; resources: string[] }; expect: string[] }[];
  /** `iam-policy-studio paths`: per question, `from -> to: method, …` of each path found. */
  paths?: { input: { from?: string; to?: string }; expect: string[] }[];
  /** noPath and never assertions of the model file: indexes (in their own order) that pass and fail. */
  noPath?: { passed: number[]; failed: number[] };
  never?: { passed: number[]; failed: number[] };
}

let parseTerraform: (text: string) => readonly TopLevelBlock[];
before(async () => {
  const parser = await testTerraformParser();
  parseTerraform = (text) => {
    const parse = parser.parse(text);
    parse.native.delete();
    return parse.blocks;
  };
});

function host(c: Case): ModelHost {
  const files: Record<string, string> = {};
  // A YAML template or .tf file may be written as a list of lines.
  for (const [k, v] of Object.entries(c.files))
    files[k] = typeof v === 'string' ? v : Array.isArray(v) && !k.endsWith('.json') ? `${v.join('\n')}\n` : JSON.stringify(v, null, 2);
  const base = memoryHost(files, c.managed ?? []);
  const terraformFiles = (dir: string) => {
    const prefix = dir === '' ? '' : `${dir}/`;
    const inside = Object.keys(files).filter((f) => f.startsWith(prefix) && f.endsWith('.tf') && !f.slice(prefix.length).includes('/'));
    return inside.length > 0 || Object.keys(files).some((f) => f.startsWith(prefix)) ? inside.sort() : undefined;
  };
  return {
    readFile: base.readFile,
    awsManagedPolicy: (arn) => base.awsManagedPolicy?.(arn) ?? awsManagedPolicy(arn),
    importTemplate: (path, options) => importTemplate({ readFile: base.readFile, terraformFiles, parseTerraform }, path, options),
  };
}

function load(c: Case): Model {
  const h = host(c);
  const read = h.readFile(c.model);
  assert.ok(read.ok);
  return resolveModel(JSON.parse(read.text), c.model, h);
}

const names = (ps: readonly ModelPolicy[]) => ps.map((p) => p.name);

/** The entities of every account by alias (logical ID / address), with what a user sees of each. */
function entities(model: Model): Record<string, Record<string, Record<string, unknown>>> {
  const out: Record<string, Record<string, Record<string, unknown>>> = { roles: {}, users: {}, groups: {} };
  for (const a of model.accounts.values()) {
    for (const r of a.roles.values()) {
      out['roles']![r.alias ?? r.name] = {
        name: r.name,
        arn: r.arn,
        policies: names(r.policies),
        boundary: r.permissionsBoundary?.name ?? null,
        trust: r.trustPolicy?.name ?? null,
        tags: r.tags,
        instanceProfiles: r.instanceProfiles ?? [],
        source: `${r.source.file}#${r.source.path.join('.')}`,
      };
    }
    for (const u of a.users.values()) {
      out['users']![u.alias ?? u.name] = {
        name: u.name,
        arn: u.arn,
        groups: u.groups,
        policies: names(u.policies),
        boundary: u.permissionsBoundary?.name ?? null,
        tags: u.tags,
      };
    }
    for (const g of a.groups.values()) out['groups']![g.alias ?? g.name] = { name: g.name, arn: g.arn, policies: names(g.policies) };
  }
  return out;
}

function allPolicies(model: Model): ModelPolicy[] {
  const out: ModelPolicy[] = [];
  for (const a of model.accounts.values()) {
    for (const r of a.roles.values())
      out.push(...r.policies, ...(r.trustPolicy ? [r.trustPolicy] : []), ...(r.permissionsBoundary ? [r.permissionsBoundary] : []));
    for (const u of a.users.values()) out.push(...u.policies, ...(u.permissionsBoundary ? [u.permissionsBoundary] : []));
    for (const g of a.groups.values()) out.push(...g.policies);
    for (const r of a.resources) if (r.policy) out.push(r.policy);
  }
  return out;
}

/** Per statement: the resources, principals and condition values as rendered. */
function rendered(p: ModelPolicy): string[][] {
  return p.policy.statements.map((s) => [
    ...(s.action ?? []),
    ...(s.resource ?? []),
    ...(s.notResource ?? []),
    ...(s.principal?.aws ?? []),
    ...(s.principal?.service ?? []),
    ...s.conditions.flatMap((c) => c.values),
  ]);
}

for (const name of readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const c = JSON.parse(readFileSync(join(DIR, name), 'utf8')) as Case;
  test(`model templates: ${name.replace(/\.json$/, '')}: ${c.description}`, () => {
    const model = load(c);
    const got = model.problems.map((p) => ({ code: p.code, path: p.path, severity: p.severity, message: p.message }));
    const want = c.problems ?? [];
    assert.equal(got.length, want.length, got.map((p) => `${p.code} ${p.message}`).join('\n'));
    want.forEach((w, i) => {
      const g = got[i]!;
      assert.equal(g.code, w.code, g.message);
      assert.deepEqual(g.path, w.path, g.message);
      if (w.severity) assert.equal(g.severity, w.severity, g.message);
      if (w.messageIncludes) assert.ok(g.message.includes(w.messageIncludes), `${g.message} should include ${w.messageIncludes}`);
    });
    const ents = entities(model);
    for (const [kind, byName] of Object.entries(c.entities ?? {})) {
      assert.deepEqual(Object.keys(ents[kind] ?? {}).sort(), Object.keys(byName).sort(), `${kind} of the model`);
      for (const [n, fields] of Object.entries(byName)) {
        for (const [k, v] of Object.entries(fields)) assert.deepEqual(ents[kind]?.[n]?.[k], v, `${kind} ${n}: ${k}`);
      }
    }
    if (c.resources) {
      const res = [...model.accounts.values()].flatMap((a) =>
        a.resources.map((r) => ({
          arn: r.arn,
          alias: r.alias ?? null,
          account: r.account,
          policy: r.policy?.name ?? null,
          tags: r.tags,
          runsAs: r.runsAs ?? null,
        })),
      );
      assert.equal(res.length, c.resources.length, JSON.stringify(res));
      c.resources.forEach((w, i) => {
        for (const [k, v] of Object.entries(w)) assert.deepEqual((res[i] as Record<string, unknown>)[k], v, `resource ${i}: ${k}`);
      });
    }
    const policies = allPolicies(model);
    for (const [policyName, statements] of Object.entries(c.rendered ?? {})) {
      const p = policies.find((x) => x.name === policyName);
      assert.ok(p, `policy ${policyName} among ${policies.map((x) => x.name).join(', ')}`);
      assert.deepEqual(rendered(p), statements, `rendered ${policyName}`);
    }
    for (const s of c.simulate ?? []) {
      const result = simulate(model, s.input as never, { catalog: getCatalog(), now: NOW });
      assert.deepEqual(
        result.errors.map((e) => e.replace(/\s+/g, ' ')),
        s.errors ?? [],
      );
      assert.deepEqual(
        result.entries.map((e) => ({ action: e.action, resource: e.resource, decision: e.decision })),
        s.expect.map((e) => ({ action: e.action, resource: e.resource, decision: e.decision })),
        JSON.stringify(result.entries.map((e) => e.summary)),
      );
      s.expect.forEach((w, i) => {
        const e = result.entries[i]!;
        if (w.decidedBy)
          assert.deepEqual(
            e.decidedBy.map((d) => `${d.file}#${d.filePath.join('.')}`),
            w.decidedBy,
            e.summary,
          );
        if (w.blockedBy !== undefined) assert.equal(e.blockedBy, w.blockedBy, e.summary);
        if (w.summaryIncludes !== undefined)
          assert.ok(e.summary.includes(w.summaryIncludes), `${e.summary} should include ${w.summaryIncludes}`);
      });
    }
    for (const q of c.whoCan ?? []) {
      const r = whoCan(model, q.input, { catalog: getCatalog() });
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        [...new Set(r.entries.map((e) => (e.via.length > 0 ? `${e.principal} via ${e.via.join(',')}` : e.principal)))].sort(),
        q.expect,
        `who can ${q.input.actions.join(',')} on ${q.input.resources.join(',')}`,
      );
    }
    for (const q of c.paths ?? []) {
      const r = escalationPaths(model, q.input, { catalog: getCatalog() });
      assert.deepEqual(r.errors, []);
      assert.deepEqual(
        r.paths.map((p) => `${p.from} -> ${p.to}: ${p.methods.join(', ')}`),
        q.expect,
      );
    }
    if (c.noPath) {
      const results = runPathAssertions(model, { catalog: getCatalog() });
      assert.deepEqual(
        { passed: results.filter((t) => t.passed).map((t) => t.index), failed: results.filter((t) => !t.passed).map((t) => t.index) },
        c.noPath,
        results.map((t) => t.message).join('\n'),
      );
    }
    if (c.never) {
      const results = runNeverAssertions(model, { catalog: getCatalog() });
      assert.deepEqual(
        {
          passed: results.flatMap((t, i) => (t.passed ? [i] : [])),
          failed: results.flatMap((t, i) => (t.passed ? [] : [i])),
        },
        c.never,
        results.map((t) => t.message).join('\n'),
      );
    }
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
