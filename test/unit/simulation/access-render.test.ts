/**
 * The access view a model code lens opens, as a user reads it: who can act on a resource per
 * access level (with role chains and links to the deciding statements), a principal's escalation
 * paths; everything from files escaped, links by index, the same CSP as the Simulate Access view.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessViewResult, StatementLink } from '../../../server/src/protocol';
import { renderAccess } from '../../../client/src/access/render';

const OPTIONS = { nonce: 'TESTNONCE', cspSource: 'vscode-webview://test' };
const range = { start: { line: 4, character: 4 }, end: { line: 9, character: 5 } };
const statement = (policyName: string, sid: string | undefined, uri: string): StatementLink => ({
  policyType: 'identity',
  policyName,
  policyKind: 'inline',
  effect: 'Allow',
  statementIndex: 0,
  file: 'policies/x.json',
  jsonPath: ['Statement', 0],
  ...(sid ? { sid } : {}),
  location: { uri, range },
});

function text(html: string): string {
  return html
    .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/\s+/g, ' ')
    .trim();
}

test('who can act on a resource: levels, principals, chains, statement links by index, escaped names', () => {
  const result: AccessViewResult = {
    modelUri: 'file:///ws/m.iam-model.json',
    title: '2 principals can read · 1 can write',
    resource: {
      arn: 'arn:aws:s3:::reports',
      resources: ['arn:aws:s3:::reports', 'arn:aws:s3:::reports/*'],
      undetermined: 0,
      partial: false,
      levels: [
        {
          level: 'Read',
          actions: ['s3:GetObject', 's3:GetBucketPolicy'],
          principals: [
            {
              principal: 'arn:aws:iam::111122223333:user/alice',
              kind: 'user',
              via: [],
              actions: ['s3:GetObject'],
              decidedBy: [statement('<script>alert(1)</script>', 'ReadReports', 'file:///ws/policies/dev.json')],
              location: { uri: 'file:///ws/m.iam-model.json', range },
            },
            {
              principal: 'arn:aws:iam::111122223333:user/dave',
              kind: 'user',
              via: ['arn:aws:iam::111122223333:role/break-glass'],
              actions: ['s3:GetObject'],
              decidedBy: [statement('AdministratorAccess', undefined, 'file:///ws/admin.json')],
            },
          ],
        },
        { level: 'Write', actions: ['s3:PutObject'], principals: [] },
      ],
    },
    errors: [],
  };
  const view = renderAccess(result, OPTIONS);
  assert.ok(!view.html.includes('<script>alert'), 'policy names are escaped');
  assert.match(
    view.html,
    /Content-Security-Policy" content="default-src &#39;none&#39;; style-src vscode-webview:\/\/test &#39;nonce-TESTNONCE&#39;; script-src &#39;nonce-TESTNONCE&#39;;"/,
  );
  const shown = text(view.html);
  assert.match(shown, /Read: 2 principal\(s\) of 2 action\(s\)/);
  assert.match(
    shown,
    /arn:aws:iam::111122223333:user\/alice user s3:GetObject allowed by <script>alert\(1\)<\/script>: statement 'ReadReports'/,
  );
  assert.match(
    shown,
    /user\/dave user via arn:aws:iam::111122223333:role\/break-glass s3:GetObject allowed by AdministratorAccess: statement #1/,
  );
  assert.match(shown, /Write: 0 principal\(s\) of 1 action\(s\)/);
  // The alice entry, its statement, dave's statement: links are indexes into the locations.
  assert.deepEqual(
    view.links.map((l) => l.uri),
    ['file:///ws/m.iam-model.json', 'file:///ws/policies/dev.json', 'file:///ws/admin.json'],
  );
  assert.equal((view.html.match(/data-link="\d+"/g) ?? []).length, 3);
});

test('escalation paths: steps with methods, the principal gained, links to the statements', () => {
  const result: AccessViewResult = {
    modelUri: 'file:///ws/m.iam-model.json',
    title: 'can become admin: 1 path',
    principal: {
      arn: 'arn:aws:iam::111122223333:user/frank',
      paths: [
        {
          from: 'arn:aws:iam::111122223333:user/frank',
          to: 'admin',
          account: '111122223333',
          via: 'arn:aws:iam::111122223333:role/maintenance-role',
          methods: ['lambda-003'],
          summary: '…',
          steps: [
            {
              method: 'lambda-003',
              name: 'lambda:UpdateFunctionCode',
              action: 'lambda:UpdateFunctionCode',
              resource: 'arn:aws:lambda:eu-west-1:111122223333:function:nightly-maintenance',
              principal: 'arn:aws:iam::111122223333:user/frank',
              decidedBy: [statement('ReleaseFunctions', 'ReleaseNightlyFunctions', 'file:///ws/policies/release.json')],
            },
          ],
        },
      ],
    },
    errors: [],
  };
  const view = renderAccess(result, OPTIONS);
  const shown = text(view.html);
  assert.match(shown, /Escalation paths of arn:aws:iam::111122223333:user\/frank can become admin: 1 path\./);
  assert.match(shown, /To administrator of 111122223333 \(lambda-003\)/);
  assert.match(
    shown,
    /lambda:UpdateFunctionCode on arn:aws:lambda:eu-west-1:111122223333:function:nightly-maintenance \[lambda-003\] as arn:aws:iam::111122223333:user\/frank allowed by ReleaseFunctions: statement 'ReleaseNightlyFunctions'/,
  );
  assert.match(shown, /→ holds the permissions of arn:aws:iam::111122223333:role\/maintenance-role/);
  assert.deepEqual(
    view.links.map((l) => l.uri),
    ['file:///ws/policies/release.json'],
  );
});

test('errors are shown, escaped', () => {
  const view = renderAccess({ modelUri: 'x', title: 'No workspace model at <x>.', errors: ['No workspace model at <x>.'] }, OPTIONS);
  assert.match(text(view.html), /No workspace model at <x>\./);
  assert.ok(!view.html.includes('<x>'));
});
