/**
 * The process's caches are owned by one visible object (README, "State is explicit"): every
 * module-level cache of the core and the service is registered in CACHES by name, clearing them
 * empties them, and answers after a clear are the same.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CACHES, CacheRegistry } from '../../../server/src/core/caches';
import { evaluate, parseEvaluationInput } from '../../../server/src/core/evaluator';

const src = join(__dirname, '..', '..', '..', 'server', 'src');
/**
 * The folders held to it: the core, the service, and the agent tools (mcp/), whose state is a
 * ToolState value each tool server owns.
 */
const HELD = ['core', 'service', 'mcp'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

test('no module-level cache in the core, the service or the agent tools escapes CACHES', () => {
  // An empty Map/WeakMap created at module level is a cache (constant tables are built from data).
  const unowned = HELD.flatMap((dir) => sources(join(src, dir))).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^(export )?(const|let) \w+(: [^=]+)? = new (Weak)?Map(<.*>)?\(\);/.test(line))
      .map((line) => `${file.slice(src.length + 1)}: ${line}`),
  );
  assert.deepEqual(unowned, []);
});

/**
 * The module-level variables of the core, the service and the agent tools, each with why it is no
 * cache to own: scratch memory that a synchronous call overwrites before it reads it, a counter
 * whose values only need to differ, a one-entry memo of a pure function, a constant built on first
 * use.
 */
const MODULE_VARIABLES: Record<string, string> = {
  'core/catalog/arnIndex.ts: keyScratch': 'scratch of ArnResourceIndex.shapeOf',
  'core/catalog/suggest.ts: scratch': 'scratch of the edit-distance rows',
  'core/catalog/arn.ts: scratch': 'scratch of the ARN tokenizer',
  'core/catalog/arn.ts: seen': 'scratch of the intersection walk (stamped per call)',
  'core/catalog/arn.ts: stack': 'scratch of the intersection walk',
  'core/catalog/arn.ts: stamp': "the intersection walk's call stamp",
  'core/model/reach/reach.ts: nextPolicyId': 'ids of reach.policyIds (CACHES): only need to differ',
  'core/evaluator/operators.ts: lastIpText': 'one-entry memo of parseIp (pure)',
  'core/evaluator/operators.ts: lastIp': 'one-entry memo of parseIp (pure)',
  'core/checks/operators.ts: allNames': 'every operator spelling, built on first use from constants',
  'core/checks/redundancy.ts: coverRows': "scratch rows of patternCovers' table",
};

test('the module-level variables of the core, the service and the agent tools are the known ones (scratch, a counter, a memo of a pure function)', () => {
  const found = HELD.flatMap((dir) => sources(join(src, dir))).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/^(?:export )?(?:let|var) (\w+)/gm)].map((m) => `${file.slice(src.length + 1)}: ${m[1]}`),
  );
  assert.deepEqual(found.sort(), Object.keys(MODULE_VARIABLES).sort());
});

test('evaluation fills named caches, clear() empties them, and the answer is unchanged', () => {
  const input = {
    request: {
      principal: 'arn:aws:iam::111122223333:user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::bucket/key',
      context: { 'aws:SourceIp': '10.0.0.1' },
    },
    identityPolicies: [
      {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }],
      },
    ],
  };
  const run = () => {
    const parsed = parseEvaluationInput(input);
    assert.ok(parsed.ok, 'the input parses');
    return evaluate(parsed.request, parsed.policies).decision;
  };
  CACHES.clear(); // other test files share this process
  assert.equal(run(), 'Allowed');
  const filled = CACHES.sizes();
  assert.ok(Object.keys(filled).includes('evaluator.statements'));
  assert.equal(filled['evaluator.requestPrincipals'], 1, 'the principal was parsed once');
  CACHES.clear();
  assert.equal(CACHES.sizes()['evaluator.requestPrincipals'], 0);
  assert.equal(run(), 'Allowed');
});

test('a cache name is defined once', () => {
  const registry = new CacheRegistry();
  registry.map('x');
  assert.throws(() => registry.weak('x'), /cache x is defined twice/);
});
