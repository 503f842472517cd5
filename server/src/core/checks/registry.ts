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

/** A check's description; registering it is up to the list that holds it (see {@link CheckRegistry}). */
export function defineCheck(
  code: string,
  category: CheckCategory,
  title: string,
  doc?: string,
  options: { readonly newerThanReference?: boolean } = {},
): CheckInfo {
  return {
    code,
    category,
    title,
    doc: doc ?? aaAnchor(category, title),
    ...(options.newerThanReference ? { newerThanReference: true } : {}),
  };
}

/**
 * Every check code the extension can report, as one explicit value built from the lists of the
 * check modules (core/checks/index.ts builds the one the product uses). A code is listed once.
 */
export class CheckRegistry {
  private readonly byCode = new Map<string, CheckInfo>();

  constructor(lists: ReadonlyArray<readonly CheckInfo[]>) {
    for (const list of lists)
      for (const info of list) {
        if (this.byCode.has(info.code)) throw new Error(`check code ${info.code} is defined twice`);
        this.byCode.set(info.code, info);
      }
  }

  /** The check for `code`, if any. */
  info(code: string): CheckInfo | undefined {
    return this.byCode.get(code);
  }

  /** Every check, in the order of the lists. */
  all(): readonly CheckInfo[] {
    return [...this.byCode.values()];
  }
}

/** The documentation URL of a check. */
export function checkDocUrl(info: CheckInfo): string {
  return info.doc.startsWith('https://') ? info.doc : `${AA_PAGE}#${info.doc}`;
}

/** The checks that JSON parsing and the policy grammar (schemas/iam-policy.schema.json) decide. */
export const grammarCodes: readonly CheckInfo[] = [
  defineCheck('JSON_SYNTAX_ERROR', 'error', 'Json syntax error'),
  // Policies inside templates (CloudFormation, SAM): the template's own syntax, and documents only known at deployment.
  defineCheck(
    'TEMPLATE_SYNTAX_ERROR',
    'error',
    'Template syntax error',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
  ),
  defineCheck(
    'TEMPLATE_DUPLICATE_KEY',
    'warning',
    'Duplicate key in template',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
  ),
  defineCheck(
    'POLICY_NOT_ANALYZED',
    'suggestion',
    'Policy not analyzed',
    'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html',
  ),
  defineCheck('INVALID_EFFECT', 'error', 'Invalid effect'),
  defineCheck('INVALID_VERSION', 'error', 'Invalid version'),
  defineCheck('INVALID_POLICY_ELEMENT', 'error', 'Invalid policy element'),
  defineCheck('INVALID_PRINCIPAL_KEY', 'error', 'Invalid principal key'),
  defineCheck('MISSING_EFFECT', 'error', 'Missing effect'),
  defineCheck('MISSING_ACTION', 'error', 'Missing action'),
  defineCheck('MISSING_STATEMENT', 'error', 'Missing statement'),
  defineCheck('DATA_TYPE_MISMATCH', 'error', 'Data type mismatch'),
  defineCheck('UNSUPPORTED_ELEMENT_COMBINATION', 'error', 'Unsupported element combination'),
];
