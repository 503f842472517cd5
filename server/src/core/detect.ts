/**
 * Decides whether a parsed JSON value is an IAM policy document, for files that are not named
 * `*.iam.json` or `*.policy.json`. A policy has a top-level `Statement` (object or array) and either
 * a `Version` or statements that carry `Effect`; anything else (package.json, tsconfig.json, CloudFormation
 * templates, ...) is left alone.
 */
export function looksLikeIamPolicy(value: unknown): boolean {
  if (!isObject(value) || !('Statement' in value)) return false;
  const statement = value.Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (!statements.every(isObject)) return false;
  if (typeof value.Version === 'string') return true;
  return statements.length > 0 && statements.some((s) => 'Effect' in s);
}

/** File names that are IAM policies whatever their content. */
export function isPolicyFileName(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.iam.json') || lower.endsWith('.policy.json');
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
