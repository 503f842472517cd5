/**
 * The issue codes the extension reports, in Access Analyzer's upper-snake form, with their
 * category (which sets the default severity) and the anchor of the check in AWS's
 * "IAM Access Analyzer policy check reference".
 */
/** `hint` is for our own checks only: style advice that the editor shows faintly. */
export type CheckCategory = 'error' | 'security' | 'warning' | 'suggestion' | 'hint';

export interface CheckInfo {
  readonly code: string;
  readonly category: CheckCategory;
  /** Access Analyzer's title, e.g. "Invalid effect". */
  readonly title: string;
  /** Anchor on the AA reference page, or a full URL for checks that are not Access Analyzer's. */
  readonly doc: string;
  /**
   * Access Analyzer reports this check, but the 2023 copy of its reference page does not list it:
   * the behaviour comes from what ValidatePolicy returns (docs/checks.md, "Parity with Access Analyzer").
   */
  readonly newerThanReference?: boolean;
}

const AA_PAGE = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html';

/** Builds the anchor AWS uses for a check: "Error – Invalid effect" → `…-error-invalid-effect`. */
function aaAnchor(category: CheckCategory, title: string): string {
  const prefix = { error: 'error', security: 'security-warning', warning: 'general-warning', suggestion: 'suggestion', hint: 'suggestion' }[
    category
  ];
  return `access-analyzer-reference-policy-checks-${prefix}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

const checks = new Map<string, CheckInfo>();

/** Registers a check; later registrations of the same code replace earlier ones. */
export function registerCheck(
  code: string,
  category: CheckCategory,
  title: string,
  doc?: string,
  options: { readonly newerThanReference?: boolean } = {},
): CheckInfo {
  const info: CheckInfo = {
    code,
    category,
    title,
    doc: doc ?? aaAnchor(category, title),
    ...(options.newerThanReference ? { newerThanReference: true } : {}),
  };
  checks.set(code, info);
  return info;
}

/** The check registered for `code`, if any. */
export function checkInfo(code: string): CheckInfo | undefined {
  return checks.get(code);
}

/** Every registered check, in registration order. */
export function allChecks(): readonly CheckInfo[] {
  return [...checks.values()];
}

/** The documentation URL of a check. */
export function checkDocUrl(info: CheckInfo): string {
  return info.doc.startsWith('https://') ? info.doc : `${AA_PAGE}#${info.doc}`;
}

// The checks that JSON parsing and the policy grammar (schemas/iam-policy.schema.json) decide.
registerCheck('JSON_SYNTAX_ERROR', 'error', 'Json syntax error');
// Policies inside templates (CloudFormation, SAM): the template's own syntax, and documents only known at deployment.
registerCheck(
  'TEMPLATE_SYNTAX_ERROR',
  'error',
  'Template syntax error',
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
);
registerCheck(
  'POLICY_NOT_ANALYZED',
  'suggestion',
  'Policy not analyzed',
  'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html',
);
registerCheck('INVALID_EFFECT', 'error', 'Invalid effect');
registerCheck('INVALID_VERSION', 'error', 'Invalid version');
registerCheck('INVALID_POLICY_ELEMENT', 'error', 'Invalid policy element');
registerCheck('INVALID_PRINCIPAL_KEY', 'error', 'Invalid principal key');
registerCheck('MISSING_EFFECT', 'error', 'Missing effect');
registerCheck('MISSING_ACTION', 'error', 'Missing action');
registerCheck('MISSING_STATEMENT', 'error', 'Missing statement');
registerCheck('DATA_TYPE_MISMATCH', 'error', 'Data type mismatch');
registerCheck('UNSUPPORTED_ELEMENT_COMBINATION', 'error', 'Unsupported element combination');
