/**
 * What a cursor in a model file refers to (client/src/model/slots.ts), from the text: each case is a
 * model snippet with the cursor `|` and the slot expected there (kind, account, typed value), or
 * none. Then definitions of names and the workspace fence on file references.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMarkers } from '../../helpers/markers';
import { accountNames, looksLikeFile, nameDefinition, relativePath, resolveInside, slotAt } from '../../../client/src/model/slots';

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

test('names an account defines, and where', () => {
  const { text, cursor } = parseMarkers(ACCOUNT('"users": { "bob": { "groups": ["QA|"], "policies": ["Dev"] } }'));
  assert.deepEqual(accountNames(text, 0), { groups: ['Developers', 'QA'], policies: ['Dev'] });
  const group = nameDefinition(text, slotAt(text, cursor!)!);
  assert.equal(group && text.slice(group.start, group.end), '"QA"');
  assert.equal(text.indexOf('"QA": {}'), group?.start, 'the group entry, not the reference');
  const policy = nameDefinition(text, slotAt(text, text.indexOf('"Dev"]') + 2)!);
  assert.equal(policy?.start, text.indexOf('"Dev": "policies'));
  assert.equal(
    nameDefinition(text.replace('"QA": {}', '"Ops": {}'), slotAt(text, cursor!)!),
    undefined,
    'an unknown group has no definition',
  );
});

test('file references stay inside the workspace', () => {
  assert.equal(resolveInside('/ws', '/ws/examples', 'policies/a.iam.json'), '/ws/examples/policies/a.iam.json');
  assert.equal(resolveInside('/ws', '/ws/examples', './../shared/b.json'), '/ws/shared/b.json');
  assert.equal(resolveInside('/ws', '/ws/examples', '../../etc/passwd'), undefined);
  assert.equal(resolveInside('/ws', '/ws', '/etc/passwd'), undefined);
  assert.equal(resolveInside('/ws', '/ws', 'C:/x.json'), undefined);
  assert.equal(resolveInside('/ws', '/ws', '..\\x.json'), undefined);
  assert.equal(resolveInside('/ws/', '/ws/a', '../../ws2/x.json'), undefined, 'a sibling folder sharing the prefix is outside');
  assert.equal(relativePath('/ws/examples', '/ws/examples/policies/a.json'), 'policies/a.json');
  assert.equal(relativePath('/ws/examples/sub', '/ws/examples/policies/a.json'), '../policies/a.json');
  assert.equal(looksLikeFile('policies/a.json'), true);
  assert.equal(looksLikeFile('a.JSON'), true);
  assert.equal(looksLikeFile('DeveloperBoundary'), false);
  assert.equal(looksLikeFile('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess'), false);
});
