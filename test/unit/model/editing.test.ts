/**
 * Editing a model file in the language service (server/src/service/modelEditing.ts), over plain
 * data: what a cursor refers to (each case is a model snippet with the cursor `|` and the slot
 * expected there, or none), then completion and go to definition with a workspace given as data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkers } from '../../helpers/markers';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver-types';
import { completeInModel, defineInModel, looksLikeFile, slotAt, type ModelEditingContext } from '../../../server/src/service/modelEditing';
import { relativeRef, resolveRef } from '../../../server/src/core/model';
import type { PrincipalItem } from '../../../server/src/protocol';
import { getCatalog } from '../../../server/src/node/catalogFile';

const ACCOUNT = (body: string) =>
  `{ "accounts": [ { "id": "111122223333", "policies": { "Dev": "policies/dev.iam.json" }, "groups": { "Developers": {}, "QA": {} }, ${body} } ] }`;

const CASES: readonly (readonly [string, string, { kind: string; value: string; account?: number } | undefined])[] = [
  ['group of a user', ACCOUNT('"users": { "bob": { "groups": ["Dev|"] } }'), { kind: 'group', value: 'Dev', account: 0 }],
  ['empty group string', ACCOUNT('"users": { "bob": { "groups": ["|"] } }'), { kind: 'group', value: '', account: 0 }],
  [
    'unterminated group string (ends at the line end)',
    ACCOUNT('"users": { "bob": { "groups": ["Q|\n] }'),
    { kind: 'group', value: 'Q', account: 0 },
  ],
  [
    'user policy reference',
    ACCOUNT('"users": { "bob": { "policies": ["arn:aws:iam::aws:policy/Re|"] } }'),
    { kind: 'policy', value: 'arn:aws:iam::aws:policy/Re', account: 0 },
  ],
  ['group policy reference', ACCOUNT('"groups": { "G": { "policies": ["D|ev"] } }'), { kind: 'policy', value: 'Dev', account: 0 }],
  ['permissions boundary', ACCOUNT('"users": { "erin": { "permissionsBoundary": "|" } }'), { kind: 'policy', value: '', account: 0 }],
  ['trust policy', ACCOUNT('"roles": { "r": { "trustPolicy": "policies/|" } }'), { kind: 'policy', value: 'policies/', account: 0 }],
  ['inline policy file', ACCOUNT('"roles": { "r": { "inlinePolicies": { "x": "pol|" } } }'), { kind: 'file', value: 'pol', account: 0 }],
  ['{ "file": … } object', ACCOUNT('"roles": { "r": { "policies": [{ "file": "a|" }] } }'), { kind: 'file', value: 'a', account: 0 }],
  ['resource policy', ACCOUNT('"resources": [{ "arn": "arn:aws:s3:::b", "policy": "|" }]'), { kind: 'policy', value: '', account: 0 }],
  ['account OU', ACCOUNT('"ou": "Work|"'), { kind: 'ou', value: 'Work', account: 0 }],
  ['imports', '{ "imports": ["aws/|"] }', { kind: 'file', value: 'aws/' }],
  ['SCP of an OU', '{ "organization": { "ous": { "W": { "scps": ["Full|"] } } } }', { kind: 'policy', value: 'Full' }],
  [
    'test principal',
    '{ "tests": [{ "principal": "al|", "action": "s3:GetObject", "expect": "allow" }] }',
    { kind: 'principal', value: 'al' },
  ],
  [
    'test action list',
    '{ "tests": [{ "principal": "a", "action": ["s3:Get|"], "expect": "allow" }] }',
    { kind: 'action', value: 's3:Get' },
  ],
  [
    'test resource',
    '{ "tests": [{ "principal": "a", "action": "x:y", "resource": "arn:|", "expect": "allow" }] }',
    { kind: 'resource', value: 'arn:' },
  ],
  ['a property key is no slot', ACCOUNT('"users": { "bob": { "gro|ups": [] } }'), undefined],
  ['a description is no slot', ACCOUNT('"users": { "bob": { "description": "in |QA" } }'), undefined],
  ['before the opening quote', ACCOUNT('"users": { "bob": { "groups": [|"QA"] } }'), undefined],
  ['the account id is no slot', '{ "accounts": [ { "id": "1111|" } ] }', undefined],
];

for (const [name, source, expected] of CASES) {
  test(`slot: ${name}`, () => {
    const { text, cursor } = parseMarkers(source);
    const slot = slotAt(text, cursor ?? -1);
    assert.deepEqual(
      slot && { kind: slot.kind, value: slot.value, ...(slot.account !== undefined ? { account: slot.account } : {}) },
      expected,
    );
    if (slot) assert.equal(text.slice(slot.start, slot.end), slot.value, 'the range covers the string content');
  });
}

const MODEL_URI = 'file:///ws/examples/org.iam-model.json';
const ALICE: PrincipalItem = {
  id: 'arn:aws:iam::111122223333:user/alice',
  kind: 'user',
  name: 'alice',
  arn: 'arn:aws:iam::111122223333:user/alice',
  account: '111122223333',
  detail: 'no groups',
  location: { uri: 'file:///ws/examples/aws/details.json', range: { start: { line: 4, character: 6 }, end: { line: 4, character: 13 } } },
};
const DEPLOY: PrincipalItem = {
  id: 'arn:aws:iam::111122223333:role/deploy',
  kind: 'role',
  name: 'deploy',
  arn: 'arn:aws:iam::111122223333:role/deploy',
  account: '111122223333',
  detail: 'trust policy',
};

/** A workspace as data: /ws with the model in examples/. */
function context(files: readonly string[] = ['examples/policies/dev.iam.json', 'shared/base.json']): ModelEditingContext {
  return {
    file: 'examples/org.iam-model.json',
    policyFiles: () => files,
    fileUri: (path) => (files.includes(path) ? `file:///ws/${path}` : undefined),
    principals: () => [ALICE, DEPLOY],
    resources: () => [
      { arn: 'arn:aws:s3:::reports', account: '111122223333', kind: 'resource', hasPolicy: true, tags: {} },
      { arn: 'arn:aws:iam::111122223333:role/deploy', account: '111122223333', kind: 'role', hasPolicy: true, tags: {} },
    ],
  };
}

function at(source: string): { document: TextDocument; position: ReturnType<TextDocument['positionAt']> } {
  const { text, cursor } = parseMarkers(source);
  const document = TextDocument.create(MODEL_URI, 'json', 1, text);
  return { document, position: document.positionAt(cursor ?? -1) };
}

const labels = (items: CompletionItem[] | null) => (items ?? []).map((i) => i.label);

test('completes the groups of the same account, replacing the whole string', () => {
  const { document, position } = at(ACCOUNT('"users": { "bob": { "groups": ["Q|A"] } }'));
  const items = completeInModel(document, position, context());
  assert.deepEqual(labels(items), ['Developers', 'QA']);
  const edit = items?.[0]?.textEdit;
  assert.ok(edit && 'range' in edit);
  assert.equal(document.getText(edit.range), 'QA', 'the string content, quotes excluded');
  assert.equal(items?.[0]?.kind, CompletionItemKind.Class);
});

test('completes the groups while the file does not parse (a string left open)', () => {
  const { document, position } = at(ACCOUNT('"users": { "bob": { "groups": ["Q|\n] }'));
  assert.deepEqual(labels(completeInModel(document, position, context())), ['Developers', 'QA']);
});

test('a policy reference offers the policies of the account, then policy files relative to the model', () => {
  const { document, position } = at(ACCOUNT('"roles": { "r": { "policies": ["|"] } }'));
  const items = completeInModel(document, position, context()) ?? [];
  assert.deepEqual(
    items.map((i) => [i.label, i.kind]),
    [
      ['Dev', CompletionItemKind.Reference],
      ['policies/dev.iam.json', CompletionItemKind.File],
      ['../shared/base.json', CompletionItemKind.File],
    ],
  );
  assert.ok((items[0]?.sortText ?? '') < (items[1]?.sortText ?? ''), 'names before files');
});

test('organization policies and OUs come from the organization', () => {
  const org =
    '{ "organization": { "policies": { "DenyRegions": "scps/deny.json" }, "ous": { "Workloads": { "scps": ["|"] }, "Sandbox": {} } } }';
  const { document, position } = at(org);
  assert.deepEqual(labels(completeInModel(document, position, context([]))), ['DenyRegions']);
  const ou = at('{ "organization": { "ous": { "Workloads": {}, "Sandbox": {} } }, "accounts": [ { "id": "111122223333", "ou": "|" } ] }');
  assert.deepEqual(labels(completeInModel(ou.document, ou.position, context([]))), ['Workloads', 'Sandbox']);
});

test('a test principal offers users by name, roles as role/<name>; resources and actions', () => {
  const p = at('{ "tests": [{ "principal": "|", "action": "s3:GetObject", "expect": "allow" }] }');
  const principals = completeInModel(p.document, p.position, context()) ?? [];
  assert.deepEqual(
    principals.map((i) => [i.label, i.kind]),
    [
      ['alice', CompletionItemKind.Variable],
      ['role/deploy', CompletionItemKind.Interface],
    ],
  );
  const r = at('{ "tests": [{ "principal": "alice", "action": "s3:GetObject", "resource": "arn:|", "expect": "allow" }] }');
  assert.deepEqual(labels(completeInModel(r.document, r.position, context())), [
    'arn:aws:s3:::reports',
    'arn:aws:iam::111122223333:role/deploy',
  ]);
  const a = at('{ "tests": [{ "principal": "alice", "action": ["s3:GetObj|"], "expect": "allow" }] }');
  const actions = labels(completeInModel(a.document, a.position, { ...context(), catalog: getCatalog() }));
  assert.ok(actions.includes('s3:GetObject'), actions.slice(0, 10).join(', '));
  assert.equal(completeInModel(a.document, a.position, context())?.length, 0, 'no catalog, no actions');
});

test('no completion outside a reference', () => {
  const { document, position } = at(ACCOUNT('"users": { "bob": { "description": "in |QA" } }'));
  assert.equal(completeInModel(document, position, context()), null);
});

test('goes from a group or policy name to its entry in the file', () => {
  const group = at(ACCOUNT('"users": { "bob": { "groups": ["QA|"], "policies": ["Dev"] } }'));
  const toGroup = defineInModel(group.document, group.position, context());
  assert.equal(toGroup?.uri, MODEL_URI);
  assert.equal(toGroup && group.document.getText(toGroup.range), '"QA"');
  assert.equal(
    toGroup && group.document.offsetAt(toGroup.range.start),
    group.document.getText().indexOf('"QA": {}'),
    'the entry, not the reference',
  );
  const text = group.document.getText();
  const policy = defineInModel(group.document, group.document.positionAt(text.indexOf('"Dev"]') + 2), context());
  assert.equal(policy && group.document.offsetAt(policy.range.start), text.indexOf('"Dev": "policies'));
  const unknown = at(ACCOUNT('"users": { "bob": { "groups": ["Ops|"] } }'));
  assert.equal(defineInModel(unknown.document, unknown.position, context()), null, 'an unknown group has no definition');
});

test('goes from a file reference to the file, only when it exists inside the workspace', () => {
  const file = at(ACCOUNT('"roles": { "r": { "policies": ["policies/d|ev.iam.json"] } }'));
  assert.equal(defineInModel(file.document, file.position, context())?.uri, 'file:///ws/examples/policies/dev.iam.json');
  const up = at('{ "imports": ["../shared/ba|se.json"] }');
  assert.equal(defineInModel(up.document, up.position, context())?.uri, 'file:///ws/shared/base.json');
  for (const ref of ['../../etc/passwd', '/etc/passwd', 'policies/missing.json']) {
    const out = at(`{ "imports": ["${ref}|"] }`);
    assert.equal(defineInModel(out.document, out.position, context()), null, ref);
  }
});

test("goes from a test's principal to the user or role, also in an imported file", () => {
  const user = at('{ "tests": [{ "principal": "al|ice", "action": "s3:GetObject", "expect": "allow" }] }');
  assert.deepEqual(defineInModel(user.document, user.position, context()), ALICE.location);
  const role = at('{ "tests": [{ "principal": "role/dep|loy", "action": "s3:GetObject", "expect": "allow" }] }');
  assert.equal(defineInModel(role.document, role.position, context()), null, 'a principal without a location');
});

test('file references: workspace paths, relative to the model', () => {
  assert.deepEqual(resolveRef('examples/m.iam-model.json', 'policies/a.iam.json'), { ok: true, path: 'examples/policies/a.iam.json' });
  assert.deepEqual(resolveRef('examples/m.iam-model.json', './../shared/b.json'), { ok: true, path: 'shared/b.json' });
  assert.equal(resolveRef('examples/m.iam-model.json', '../../etc/passwd').ok, false);
  assert.equal(relativeRef('examples/m.iam-model.json', 'examples/policies/a.json'), 'policies/a.json');
  assert.equal(relativeRef('examples/sub/m.iam-model.json', 'examples/policies/a.json'), '../policies/a.json');
  assert.equal(relativeRef('m.iam-model.json', 'a.json'), 'a.json');
  assert.equal(looksLikeFile('policies/a.json'), true);
  assert.equal(looksLikeFile('a.JSON'), true);
  assert.equal(looksLikeFile('DeveloperBoundary'), false);
  assert.equal(looksLikeFile('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'), false);
});
