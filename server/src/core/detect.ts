/**
 * Decides whether a parsed JSON value is an IAM policy document, for files that are not named
 * `*.iam.json` or `*.policy.json`. A policy has a top-level `Statement` (object or array) and either
 * a `Version` or statements that carry `Effect`; anything else (package.json, tsconfig.json, CloudFormation
 * templates, ...) is left alone.
 */
import { isRecord } from './json';

export function looksLikeIamPolicy(value: unknown): boolean {
  if (!isRecord(value) || !('Statement' in value)) return false;
  const statement = value.Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (!statements.every(isRecord)) return false;
  if (typeof value.Version === 'string') return true;
  return statements.length > 0 && statements.some((s) => 'Effect' in s);
}

/** File names that are IAM policies whatever their content. */
export function isPolicyFileName(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return lower.endsWith('.iam.json') || lower.endsWith('.policy.json');
}
