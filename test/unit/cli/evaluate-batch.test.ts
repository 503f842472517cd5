/**
 * `evaluate` reads each distinct policy once and skips scanning lines that repeat a recent policy
 * set. Whatever the shape of a line, its output must be exactly what evaluating the line on its
 * own gives (JSON.parse, parseEvaluationInput, evaluate): every evaluator data case, in several
 * spellings, twice through one batch (the second time from the caches), and lines built to trip
 * the scanner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvaluationBatch } from '../../../server/src/cli/evaluateBatch';
import { evaluate, parseEvaluationInput } from '../../../server/src/core/evaluator';
import { parseJsonText } from '../../../server/src/core/json';

/** One line evaluated on its own, as `evaluate` printed it before it had caches. */
function alone(text: string, line: number, brief: boolean): string {
  const json = parseJsonText(text);
  if (!json.ok) return JSON.stringify({ line, error: `Invalid JSON: ${json.message}` });
  const parsed = parseEvaluationInput(json.value);
  if (!parsed.ok)
    return JSON.stringify({
      line,
      error: parsed.errors.map((e) => `${e.path.length ? `${e.path.join('.')}: ` : ''}${e.message}`).join('; '),
    });
  const out = evaluate(parsed.request, parsed.policies);
  if (out.decision === 'Error') return JSON.stringify({ line, error: out.summary, problems: out.problems });
  const { policies, ...rest } = out;
  return JSON.stringify(brief ? { line, ...rest } : { line, ...rest, policies });
}

const expectedOutputs = new Map<string, string>();

/** `alone`, computed once per line, number and mode for the tests below (each checks it twice). */
function expected(text: string, line: number, brief: boolean): string {
  const key = `${brief ? 'brief' : 'explained'} ${line} ${text}`;
  let out = expectedOutputs.get(key);
  if (out === undefined) expectedOutputs.set(key, (out = alone(text, line, brief)));
  return out;
}

function dataLines(): string[] {
  const dir = join(__dirname, '..', '..', 'data', 'evaluator');
  const inputs = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const data = JSON.parse(readFileSync(join(dir, f), 'utf8')) as
        { input: Record<string, unknown> } | { input: Record<string, unknown> }[];
      return (Array.isArray(data) ? data : [data]).map((c) => c.input);
    });
  return inputs.flatMap((input) => {
    const { request, ...rest } = input;
    return [
      JSON.stringify(input),
      JSON.stringify({ request, ...rest }), // request first
      JSON.stringify(input, null, 1).replace(/\n/g, ' '), // spaces everywhere
    ];
  });
}

const policy = { Version: '2012-10-17', Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
const request = { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
const tricky = [
  JSON.stringify({ identityPolicies: [policy], request }),
  JSON.stringify({ identityPolicies: [policy], request: { ...request, action: 's3:PutObject' } }),
  `${JSON.stringify({ identityPolicies: [policy], request }).slice(0, -1)}, "request": ${JSON.stringify({ ...request, principal: '*' })}}`, // repeated key: the last counts
  `${JSON.stringify({ identityPolicies: [policy] }).slice(0, -1)}, "request": {"principal": 1}, "extra": 2}`,
  JSON.stringify({ identityPolicies: [policy], request }).replace('"request":{', '"request":{ "x": [ }'), // broken request after a known prefix
  JSON.stringify({ identityPolicies: [policy], request }).replace('"s3:GetObject","Resource"', '"s3:GetObject" "Resource"'), // broken policy
  JSON.stringify({ identityPolicies: [{ ...policy, Statement: [{ ...policy.Statement[0], Sid: 'q"]}[{\\' }] }], request }),
  JSON.stringify({ identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }], request }),
  JSON.stringify({ identityPolicies: [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }], request }),
  JSON.stringify({ identityPolicies: [{ id: 'x', source: 'x.json', document: policy }], scps: [[policy], []], request }),
  JSON.stringify({ identityPolicies: [{ id: 'y', source: 'x.json', document: policy }], scps: [[policy], []], request }),
  JSON.stringify({ identityPolicies: policy, request }),
  JSON.stringify({ identityPolicies: [1, 'x', null], resourcePolicy: 'no', scps: [policy], request }),
  JSON.stringify({ identityPolicies: [policy], request: 'alice' }),
  '{"__proto__": {"request": 1}, "identityPolicies": [], "request": {"principal": "*", "action": "s3:GetObject", "resource": "*"}}',
  '{"identityPolicies": [], "identityPolicies": [' + JSON.stringify(policy) + '], "request": ' + JSON.stringify(request) + '}',
  '{"identityPolicies":[' + JSON.stringify(policy) + '],"request":' + JSON.stringify(request) + '} trailing',
  '[1, 2]',
  '{}',
  '"text"',
  '{"request": ' + JSON.stringify({ ...request, context: { 'aws:username': 'ünïcødé "q" \\ }' } }) + '}',
  JSON.stringify({ identityPolicies: [policy], request }),
  `\ufeff${JSON.stringify({ identityPolicies: [policy], request })}`, // a byte-order mark
  JSON.stringify({ identityPolicies: [policy], request: { ...request, context: { deep: '' } } }).replace(
    '"deep":""',
    `"deep":${'['.repeat(300)}${']'.repeat(300)}`,
  ),
  JSON.stringify({ identityPolicies: [policy], request: { ...request, context: { deep: '' } } }).replace(
    '"deep":""',
    `"deep":${'['.repeat(253)}${']'.repeat(253)}`,
  ),
  JSON.stringify({ identityPolicies: [{ ...policy, Id: 'deep' }], request }).replace(
    '"Id":"deep"',
    `"Id":${'['.repeat(300)}${']'.repeat(300)}`,
  ),
];

for (const brief of [true, false]) {
  test(`every line gives what it gives on its own (${brief ? '--brief' : 'explained'}), from the caches too`, () => {
    const lines = [...dataLines(), ...tricky];
    const batch = new EvaluationBatch(brief);
    for (let pass = 0; pass < 2; pass++) {
      lines.forEach((text, i) =>
        assert.equal(
          batch.evaluateLine(text, i + 1),
          expected(text, i + 1, brief),
          `line ${i + 1} (pass ${pass + 1}): ${text.slice(0, 200)}`,
        ),
      );
    }
    assert.ok(lines.length > 600, `${lines.length} lines`);
  });

  test(`every line read as bytes gives what it gives on its own (${brief ? '--brief' : 'explained'})`, () => {
    // As the CLI reads them: bytes compared with the recent policy sets first, else decoded.
    const lines = [...dataLines(), ...tricky, '{"request": {"principal": "*", "action": "s3:GetObject", "resource": "ü"}}'];
    const batch = new EvaluationBatch(brief);
    let fromBytes = 0;
    for (let pass = 0; pass < 2; pass++) {
      lines.forEach((text, i) => {
        // Surrounding bytes, as in a chunk of a file.
        const bytes = Buffer.concat([Buffer.from('x\n'), Buffer.from(text), Buffer.from('\ny')]);
        const end = bytes.length - 2;
        const fast = batch.evaluateRecentBytes(bytes, 2, end, i + 1);
        if (fast !== undefined) fromBytes++;
        const out = fast ?? batch.evaluateLine(bytes.toString('utf8', 2, end), i + 1);
        assert.equal(out, expected(text, i + 1, brief), `line ${i + 1} (pass ${pass + 1}): ${text.slice(0, 200)}`);
      });
    }
    assert.ok(fromBytes > lines.length / 4, `${fromBytes} of ${lines.length * 2} from bytes`);
  });
}

test('a batch keeps one parsed copy per distinct policy text and set', () => {
  const batch = new EvaluationBatch(true);
  for (let i = 0; i < 50; i++)
    batch.evaluateLine(
      JSON.stringify({ identityPolicies: [policy], scps: [[policy]], request: { ...request, resource: `arn:aws:s3:::b/${i}` } }),
      i + 1,
    );
  assert.deepEqual(batch.cached, { documents: 1, sets: 1 });
});
