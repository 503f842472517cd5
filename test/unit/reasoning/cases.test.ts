/**
 * Walks test/data/compare/*.json: `{ name, doc, type, old, new, expected, counterexample? }` with
 * `expected` "new-access" | "no-new-access". A `counterexample` lists what the first
 * counterexample must show (action, actionPrefix, resourcePrefix, principalIncludes, contextKey,
 * contextKeyAbsent); every counterexample is also checked with the evaluator.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePolicy } from '../../../server/src/core/policy/parse';
import type { PolicyType } from '../../../server/src/core/policyType';
import { catalogMultiValued, catalogUniverse, comparePolicies, documentVerdict } from '../../../server/src/core/reasoning';
import { principalFromArn, type RequestPrincipal } from '../../../server/src/core/evaluator';
import { getCatalog } from '../../../server/src/node/catalogFile';

interface Case {
  name: string;
  doc: string;
  type: PolicyType;
  old: unknown;
  new: unknown;
  expected: 'new-access' | 'no-new-access';
  counterexample?: {
    action?: string;
    actionPrefix?: string;
    resourcePrefix?: string;
    principalIncludes?: string;
    contextKey?: string;
    contextKeyAbsent?: string;
  };
}

const ROOT = join(__dirname, '..', '..', 'data', 'compare');
const catalog = getCatalog();
const options = { universe: catalogUniverse(catalog), multiValued: catalogMultiValued(catalog) };

for (const file of readdirSync(ROOT)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const cases = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Case[];
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      const prev = parsePolicy(c.old).policy;
      const next = parsePolicy(c.new).policy;
      const r = comparePolicies(prev, next, { ...options, type: c.type, all: true });
      assert.equal(r.verdict, c.expected, r.reason);
      for (const x of r.counterexamples) {
        const p =
          typeof x.request.principal === 'string' ? (principalFromArn(x.request.principal) as RequestPrincipal) : x.request.principal;
        const req = { ...x.request, principal: p };
        const n = documentVerdict(req, next, c.type);
        const o = documentVerdict(req, prev, c.type);
        assert.ok(n?.allows && !n.denies, `new version must allow ${JSON.stringify(x.request)}`);
        assert.ok(!(o?.allows && !o.denies), `old version must not allow ${JSON.stringify(x.request)}`);
      }
      const want = c.counterexample;
      const first = r.counterexamples[0];
      if (!want || !first) return;
      const q = first.request;
      if (want.action) assert.equal(q.action, want.action);
      if (want.actionPrefix) assert.ok(q.action.startsWith(want.actionPrefix), q.action);
      if (want.resourcePrefix) assert.ok(q.resource.startsWith(want.resourcePrefix), q.resource);
      if (want.principalIncludes) assert.ok(JSON.stringify(q.principal).includes(want.principalIncludes), JSON.stringify(q.principal));
      if (want.contextKey) assert.ok(want.contextKey in q.context, JSON.stringify(q.context));
      if (want.contextKeyAbsent) assert.ok(!(want.contextKeyAbsent in q.context), JSON.stringify(q.context));
    });
  }
}
