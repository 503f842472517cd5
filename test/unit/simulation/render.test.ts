/**
 * The Simulate Access result view as a user reads it. Data-driven: each test/data/simulation/*.json
 * holds a request, the server's result (recorded from the example model) and the lines expected in
 * the page's visible text, in order. Plus: escaping of file content, links by index, the CSP.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SimulateAccessResult } from '../../../server/src/protocol';
import { renderResult, type RenderRequest } from '../../../client/src/simulation/render';

const dir = join(__dirname, '../../data/simulation');
const OPTIONS = { nonce: 'TESTNONCE', cspSource: 'vscode-webview://test' };

/** The page's text as shown: no style or script, block tags as line breaks, table cells separated by ` | `, entities decoded, blank lines dropped. */
function visibleText(html: string): string[] {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<\/(p|li|h1|h2|h3|tr|summary|ul|ol|table|thead|tbody|section|header|details)>|<br>|<(ul|ol|li|p|tr|details)[^>]*>/g, '\n')
    .replace(/<\/t[hd]>/g, ' | ')
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .split('\n')
    .map((l) =>
      l
        .replace(/\s+/g, ' ')
        .replace(/\s*\|\s*$/, '')
        .trim(),
    )
    .filter((l) => l !== '');
}

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  test(`result view: ${file}`, () => {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      request: RenderRequest;
      result: SimulateAccessResult;
      expect: string[];
    };
    const lines = visibleText(renderResult(c.result, c.request, OPTIONS).html);
    let at = 0;
    for (const expected of c.expect) {
      const found = lines.indexOf(expected, at);
      assert.ok(
        found >= 0,
        `expected line ${JSON.stringify(expected)} after line ${at} in:\n${lines.map((l, i) => `${i}: ${l}`).join('\n')}`,
      );
      at = found + 1;
    }
  });
}

const hostile = '<img src=x onerror="alert(1)">';
const result: SimulateAccessResult = {
  principal: `arn:aws:iam::111122223333:user/${hostile}`,
  errors: [`Cannot read ${hostile}`],
  unknownActions: [hostile],
  entries: [
    {
      action: 's3:GetObject',
      resource: `arn:aws:s3:::b/${hostile}`,
      decision: 'Allowed',
      summary: `Allowed by ${hostile}`,
      missingContextKeys: [`aws:PrincipalTag/${hostile}`],
      context: {},
      decidedBy: [
        {
          policyType: 'identity',
          policyName: hostile,
          policyKind: 'inline',
          effect: 'Allow',
          sid: hostile,
          statementIndex: 0,
          file: `p/${hostile}.json`,
          jsonPath: ['Statement', 0],
          location: { uri: 'file:///ws/p/a.json', range: { start: { line: 3, character: 4 }, end: { line: 9, character: 5 } } },
        },
        {
          policyType: 'identity',
          policyName: 'ReadOnlyAccess',
          policyKind: 'aws-managed',
          effect: 'Allow',
          statementIndex: 1,
          file: 'aws-managed:arn:aws:iam::aws:policy/ReadOnlyAccess',
          jsonPath: ['Statement', 1],
        },
      ],
    },
  ],
};

test('everything from files and the model is escaped', () => {
  const { html } = renderResult(
    result,
    { principal: hostile, actions: [hostile], resources: [hostile], context: { [hostile]: hostile } },
    OPTIONS,
  );
  assert.ok(!html.includes('<img'), 'no markup from data reaches the page');
  assert.ok(!/onerror="/.test(html));
  assert.ok(html.includes('&#60;img src=x onerror=&#34;alert(1)&#34;&#62;'));
});

test('statement links are indexes into the returned locations; a statement without a file is plain text', () => {
  const view = renderResult(result, { principal: 'alice', actions: ['s3:GetObject'], resources: [] }, OPTIONS);
  assert.deepEqual(view.links, [result.entries[0]!.decidedBy[0]!.location]);
  assert.equal((view.html.match(/data-link="/g) ?? []).length, 1);
  assert.match(view.html, /data-link="0">[^<]*: statement &#39;/);
  assert.ok(
    visibleText(view.html).includes('Allow ReadOnlyAccess: statement #2 aws-managed · aws-managed:arn:aws:iam::aws:policy/ReadOnlyAccess'),
  );
});

test('the page loads nothing from outside: CSP with a nonce, no remote URLs', () => {
  const { html } = renderResult(result, { principal: 'alice', actions: [], resources: [] }, OPTIONS);
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:\/\/test &#39;nonce-TESTNONCE&#39;; script-src &#39;nonce-TESTNONCE&#39;;">/,
  );
  assert.equal((html.match(/<script nonce="TESTNONCE">/g) ?? []).length, 1);
  assert.equal((html.match(/<script/g) ?? []).length, 1);
  assert.ok(!/https?:\/\//.test(html));
});

test('errors, cancellation and unknown actions are shown above the table', () => {
  const lines = visibleText(renderResult({ ...result, cancelled: true }, { principal: 'x', actions: [], resources: [] }, OPTIONS).html);
  assert.ok(lines.includes(`Cannot read ${hostile}`));
  assert.ok(lines.includes('Cancelled: 1 request(s) evaluated before the stop are shown.'));
  assert.ok(lines.includes(`Not in the AWS catalog (evaluated as written): ${hostile}`));
});

test('explanations are capped for big runs, the table is not', () => {
  const entries = Array.from({ length: 5 }, (_, i) => ({ ...result.entries[0]!, action: `s3:Action${i}`, decidedBy: [] }));
  const { html } = renderResult(
    { ...result, errors: [], entries },
    { principal: 'x', actions: [], resources: [] },
    { ...OPTIONS, maxDetails: 2 },
  );
  assert.equal((html.match(/<details/g) ?? []).length, 2);
  assert.equal((html.match(/<td class="cell/g) ?? []).length, 5);
  assert.ok(
    visibleText(html).includes('Explanations of the first 2 of 5 requests are shown; narrow the actions or resources to see the rest.'),
  );
});

test('enum fields (decisions, effects) cannot carry markup either (issue 13, item 7)', () => {
  const forged = JSON.parse(JSON.stringify(result)) as {
    entries: { decision: string; decidedBy: { effect: string }[] }[];
    chain?: unknown;
  };
  forged.entries[0]!.decision = `Allowed"><img src=x onerror="alert(1)">`;
  forged.entries[0]!.decidedBy[0]!.effect = hostile;
  forged.chain = [{ from: 'alice', role: 'arn:aws:iam::111122223333:role/R', decision: `x"><img src=y>`, summary: 's', decidedBy: [] }];
  const { html } = renderResult(
    forged as unknown as SimulateAccessResult,
    { principal: 'alice', actions: ['s3:GetObject'], resources: ['*'] },
    OPTIONS,
  );
  assert.ok(!html.includes('<img'), 'no markup from enum fields reaches the page');
  assert.ok(!/onerror="/.test(html));
});
