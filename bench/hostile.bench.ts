/**
 * Hostile-input benchmark (issue 13): the worst inputs of the audit, each validated in process
 * as the server does (parse + grammar + checks), then a keystroke's completion (the edit's new
 * parse, shared with validation, and `doComplete` on it), plus memory. Inputs: a 1 MB policy
 * full of `?` wildcards, 10,000 statements, nesting depth 100,000, and a model with 1,000 roles
 * (half of them reachable, none able to go further, the other half trusting someone else).
 * Templates (issue 15's host documents, same measures): YAML and JSON templates and Terraform files
 * nested 100,000 deep (flow, compact block sequences, HCL tuples, a heredoc), a YAML map of 20,000
 * keys, an Action of 20,000 aliases, a "billion laughs" of anchors; and at the size limits
 * (service/limits.ts) the largest policy (3 MB), YAML template (1 MB) and Terraform file (256 KB)
 * still analysed, then a 4 MB policy, a 5 MB YAML template and a 3.7 MB Terraform file, refused.
 * PUBLIC_ACCESS's worst cases: resource policies that spend its whole work budget.
 * `npm run bench hostile` (or `node --expose-gc --import tsx bench/hostile.bench.ts`).
 * Targets shown for reading (≤ 1 s validation, ≤ 100 ms a keystroke's completion, ≤ 300 MB);
 * nothing asserted.
 */
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { findPrincipal, memoryHost, reachableRoles, resolveModel } from '../server/src/core/model';
import { terraformHost } from '../server/src/service/hosts/terraformHost';
import { incrementalParser, loadTerraformParser, type TerraformParser } from '../server/src/node/terraformParser';
import { terraformWasmFiles } from '../server/src/node/terraformSupport';
import { MAX_POLICY_BYTES, MAX_TEMPLATE_BYTES, MAX_TERRAFORM_BYTES } from '../server/src/service/limits';

const catalog = getCatalog();
let service = getLanguageService({ catalog });
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1e3).toFixed(0)} µs` : `${ms.toFixed(0)} ms`);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
let peakRss = process.memoryUsage().rss;
const sample = (): void => void (peakRss = Math.max(peakRss, process.memoryUsage().rss));
/** CPU time of this process (user + system) in ms: the machine is shared, wall time is noisy. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function letters(i: number, n: number): string {
  let s = '';
  for (let k = 0; k < n; k++) s += k % 2 === 0 ? '?' : String.fromCharCode(97 + ((i + k * 7) % 26));
  return s;
}

/** About 1 MB of actions and resources made of `?` wildcards, all with the same literal prefix. */
function questionPolicy(): string {
  const actions: string[] = [];
  const resources: string[] = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const a = `s3:${letters(i, 200 + (i % 50))}*`;
    const r = `arn:aws:s3:::${letters(i, 300)}/${'?'.repeat(100)}*`;
    actions.push(a);
    resources.push(r);
    size += a.length + r.length + 10;
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] }, null, 1);
}

function manyStatements(n = 10_000): string {
  const statements = Array.from({ length: n }, (_, i) => ({
    Sid: `S${i}`,
    Effect: i % 9 === 0 ? 'Deny' : 'Allow',
    Action: ['s3:GetObject', 's3:Put*'],
    Resource: `arn:aws:s3:::bucket-${i}/*`,
    ...(i % 3 === 0 ? { Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } } : {}),
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** 20,000 actions no service has, each asking for "did you mean" (nearest names in its service, the same name elsewhere). */
const unknownActions = (): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: Array.from({ length: 20_000 }, (_, i) => `s3:Unknownaction${i.toString(36)}`), Resource: '*' }],
  });

/** Resource policies whose PUBLIC_ACCESS decision spends the whole work budget (core/reasoning/budget.ts). */
const publicCases = (): Array<[string, unknown]> => [
  [
    'public: 1,000 statements of "*" each pinned to a VPC endpoint',
    {
      Version: '2012-10-17',
      Statement: Array.from({ length: 1000 }, (_, i) => ({
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: `arn:aws:s3:::b${i}/*`,
        Condition: { StringEquals: { 'aws:SourceVpce': `vpce-${i}` } },
      })),
    },
  ],
  [
    'public: 3,000 principals and 500 principal-ARN patterns',
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: Array.from({ length: 3000 }, (_, i) => `arn:aws:iam::${String(100000000000 + i)}:role/r${i}`) },
          Action: 's3:*',
          Resource: '*',
        },
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalArn': Array.from({ length: 500 }, (_, i) => `arn:aws:iam::*:role/${letters(i, 20)}`) } },
        },
      ],
    },
  ],
  [
    'public: 200 condition keys of ? patterns',
    {
      Version: '2012-10-17',
      Statement: Array.from({ length: 200 }, (_, i) => ({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: {
          StringLike: { [`aws:RequestTag/k${i}`]: [letters(i, 30), `${letters(i + 1, 30)}*`] },
          StringNotEquals: { [`aws:RequestTag/k${(i + 1) % 200}`]: 'x' },
        },
      })),
    },
  ],
];

const deep = (): string => `{ "Version": "2012-10-17", "Statement": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`;

/**
 * Validation of a fresh version, then a keystroke in an Action string (the last one when `last`):
 * new version, parse (given the previous parse, as the server's parse cache does), completion.
 */
/** As the server validates: with a pause between slices (a turn of the event loop). */
const control = { pause: (): Promise<boolean> => new Promise((resolve) => setImmediate(() => resolve(true))) };

async function document(name: string, text: string, cursorAfter: string, last = false, file = `${name}.iam.json`): Promise<void> {
  global.gc?.();
  const languageId = file.endsWith('.iam.json')
    ? 'iam-policy'
    : file.endsWith('.tf')
      ? 'terraform'
      : file.endsWith('.json')
        ? 'json'
        : 'yaml';
  const doc = TextDocument.create(`file:///${file}`, languageId, 1, text);
  let t = performance.now();
  let c = cpu();
  const parsed = service.parse(doc);
  const diagnostics = await service.doValidation(doc, parsed, control);
  const validation = performance.now() - t;
  const validationCpu = cpu() - c;
  sample();
  const at = (last ? text.lastIndexOf(cursorAfter) : text.indexOf(cursorAfter)) + cursorAfter.length;
  const edited = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'G' }], 2);
  const position = edited.positionAt(at + 1);
  t = performance.now();
  c = cpu();
  const reparsed = service.parse(edited, parsed);
  const parse = performance.now() - t;
  t = performance.now();
  const list = service.doComplete(edited, reparsed, position);
  const complete = performance.now() - t;
  const keystrokeCpu = cpu() - c;
  t = performance.now();
  service.doHover(edited, reparsed, position);
  const hover = performance.now() - t;
  // The keystroke's version validated in turn (what the user waits for while typing: caches warm).
  t = performance.now();
  c = cpu();
  await service.doValidation(edited, reparsed, control);
  const revalidation = performance.now() - t;
  const revalidationCpu = cpu() - c;
  sample();
  console.log(
    `${name}: ${(text.length / 1e6).toFixed(2)} MB — validation ${fmt(validation)} wall, ${fmt(validationCpu)} CPU (${diagnostics.length} diagnostics) [≤ 1 s]; keystroke: parse ${fmt(parse)} + completion ${fmt(complete)} = ${fmt(parse + complete)} wall, ${fmt(keystrokeCpu)} CPU (${list.items.length} items) [≤ 100 ms]; hover ${fmt(hover)}; its validation ${fmt(revalidation)} wall, ${fmt(revalidationCpu)} CPU`,
  );
}

function roles(): void {
  const account = '123456789012';
  const arn = (kind: string, name: string) => `arn:aws:iam::${account}:${kind}/${name}`;
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' }],
  };
  // The other half trusts only bob, whom the model does not hold: every session alice reaches
  // could try them (500 × 500 evaluations without the trust index).
  const bobOnly = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: arn('user', 'bob') }, Action: 'sts:AssumeRole' }],
  };
  const details = {
    UserDetailList: [
      {
        UserName: 'alice',
        Path: '/',
        Arn: arn('user', 'alice'),
        UserId: 'AIDA00000000000000001',
        GroupList: [],
        AttachedManagedPolicies: [],
        UserPolicyList: [
          {
            PolicyName: 'assume',
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] },
          },
        ],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: Array.from({ length: 1000 }, (_, r) => ({
      RoleName: `r${r}`,
      Path: '/',
      Arn: arn('role', `r${r}`),
      RoleId: `AROA${String(r).padStart(17, '0')}`,
      AssumeRolePolicyDocument: r % 2 === 0 ? trust : bobOnly,
      RolePolicyList: [],
      AttachedManagedPolicies: [],
    })),
    Policies: [],
  };
  const text = JSON.stringify(details);
  global.gc?.();
  const t = performance.now();
  const c = cpu();
  const model = resolveModel(JSON.parse(text), 'account.json', memoryHost({ 'account.json': text }));
  const found = findPrincipal(model, 'alice');
  if (!found.ok) throw new Error(found.message);
  const reached = reachableRoles(model, found.principal, 4, { catalog });
  sample();
  console.log(
    `1,000 roles: assumable-roles search from alice ${fmt(performance.now() - t)} wall, ${fmt(cpu() - c)} CPU (${reached.length} roles reachable) [≤ 1 s]`,
  );
}

const TEMPLATE_HEAD = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n';
/** A YAML template whose one policy has `action` as its Action. */
const yamlPolicy = (action: string, before = ''): string =>
  `${TEMPLATE_HEAD}${before}  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Resource: "*"\n            Action: ${action}\n`;
const laughs = (): string => {
  let anchors = '  L0: &a0 [s3:GetObject, s3:GetObject]\n';
  for (let i = 1; i < 30; i++)
    anchors += `  L${i}: &a${i} [${Array(10)
      .fill(`*a${i - 1}`)
      .join(', ')}]\n`;
  return yamlPolicy('*a29', anchors.replace(/^ {2}L/gm, '  X'));
};
const manyPolicies = (n: number): string =>
  TEMPLATE_HEAD +
  Array.from(
    { length: n },
    (_, i) =>
      `  R${i}:\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyDocument:\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::b${i}/*\n`,
  ).join('');
/** The most policies `make` fits in `bytes` (ASCII text). */
function largest(make: (n: number) => string, bytes: number): string {
  let lo = 1;
  let hi = 2;
  while (make(hi).length <= bytes) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (make(mid).length <= bytes) lo = mid;
    else hi = mid;
  }
  return make(lo);
}

const manyTerraformPolicies = (n: number): string =>
  Array.from(
    { length: n },
    (_, i) =>
      `resource "aws_iam_policy" "p${i}" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::b${i}/*" }] })\n}\n`,
  ).join('');

async function templates(): Promise<void> {
  const parser: TerraformParser = await loadTerraformParser(terraformWasmFiles());
  service = getLanguageService({ catalog, hosts: [terraformHost(incrementalParser(parser))] });
  const D = 100_000;
  await document('YAML flow sequences 100,000 deep', yamlPolicy('['.repeat(D) + ']'.repeat(D)), 'Version: "', false, 'deep-flow.yaml');
  await document(
    'YAML block sequences 100,000 deep',
    yamlPolicy('\n' + ' '.repeat(14) + '- '.repeat(D) + 'x'),
    'Version: "',
    false,
    'deep-block.yaml',
  );
  await document(
    'JSON template 100,000 deep',
    `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"P": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${'['.repeat(D)}${']'.repeat(D)}}]}}}}}`,
    '"Version": "',
    false,
    'deep.template.json',
  );
  await document(
    'YAML map of 20,000 keys',
    yamlPolicy(`s3:GetObject\n            Condition: {${Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join(', ')}}`),
    'Action: s3:',
    false,
    'keys.yaml',
  );
  await document(
    'YAML Action of 20,000 aliases',
    yamlPolicy(`[${Array(20_000).fill('*x').join(', ')}]`, '  X: &x s3:GetObject\n'),
    'X: &x s3:',
    false,
    'aliases.yaml',
  );
  await document('YAML billion laughs (10^29 by expansion)', laughs(), 'Version: "', false, 'laughs.yaml');
  await document(
    'Terraform tuples 100,000 deep',
    `resource "aws_iam_policy" "p" {\n  policy = jsonencode(${'['.repeat(D)}${']'.repeat(D)})\n}\nresource "aws_iam_policy" "q" {\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] })\n}\n`,
    'Action = "s3:',
    false,
    'deep.tf',
  );
  await document(
    'Terraform heredoc JSON 100,000 deep',
    `resource "aws_iam_policy" "p" {\n  policy = <<EOF\n{"Version": "2012-10-17", "Statement": ${'['.repeat(D)}${']'.repeat(D)}}\nEOF\n}\n`,
    '"Version": "',
    false,
    'heredoc.tf',
  );
  // The size limits (service/limits.ts): the largest accepted of each kind, then far beyond (refused before any parse).
  await document('YAML template at the 1 MB limit', largest(manyPolicies, MAX_TEMPLATE_BYTES), 'Action: s3:', true, 'limit.yaml');
  await document(
    'Terraform file at the 256 KB limit',
    largest(manyTerraformPolicies, MAX_TERRAFORM_BYTES),
    'Action = "s3:',
    true,
    'limit.tf',
  );
  await document('YAML template of 25,000 policies (refused)', manyPolicies(25_000), 'Action: s3:', true, 'big.yaml');
  await document('Terraform file of 20,000 policies (refused)', manyTerraformPolicies(20_000), 'Action = "s3:', true, 'big.tf');
}

async function main(): Promise<void> {
  await document('question-marks', questionPolicy(), '"Action": [\n  "s3:');
  await document('10,000 statements', manyStatements(), '"s3:', true);
  await document('depth 100,000', deep(), '"Version": "');
  await document('20,000 unknown actions', unknownActions(), '"s3:');
  await document('policy at the 3 MB limit', largest(manyStatements, MAX_POLICY_BYTES), '"s3:', true);
  await document('policy of 4 MB (refused)', manyStatements(19_000), '"s3:', true);
  for (const [name, value] of publicCases()) await document(name, JSON.stringify(value, null, 1), '"s3:', false, 'public.bucket.json');
  roles();
  console.log(`peak RSS ${mb(peakRss)} [≤ 300 MB]`);
  await templates();
  console.log(`peak RSS with templates ${mb(peakRss)} [≤ 300 MB]`);
}

void main();
