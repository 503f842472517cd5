/**
 * Turns json-languageservice's generic schema messages into messages that name the policy element,
 * the expected values and what was found, with the Access Analyzer issue code where one exists
 * ("`Effect` must be "Allow" or "Deny", found "allow"" rather than "Value is not accepted").
 */
import type { JsonPath } from '../core/policy/types';

export interface SchemaFinding {
  readonly code: string;
  readonly message: string;
}

/** The element name a path ends in, skipping array indexes (`Statement[0].Action[2]` → `Action`). */
function elementName(path: JsonPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === 'string') return seg;
  }
  return 'policy';
}

/** Where a path points within the policy grammar, for choosing codes. */
function isStatementLevel(path: JsonPath): boolean {
  return path[0] === 'Statement' && (path.length === 1 || (path.length === 2 && typeof path[1] === 'number'));
}

/**
 * Rewrites one schema problem reported at `path` (the node the problem is on), where `found` is
 * the source text of that node (truncated).
 */
export function describeSchemaProblem(message: string, path: JsonPath, found: string): SchemaFinding {
  const name = elementName(path);
  const missing = /^Missing property "(.+)"\.$/.exec(message);
  if (missing) {
    const prop = missing[1] ?? '';
    const code = prop === 'Statement' ? 'MISSING_STATEMENT' : prop === 'Effect' ? 'MISSING_EFFECT' : 'MISSING_ACTION';
    const what = prop === 'Action' ? '`Action` or `NotAction`' : `\`${prop}\``;
    return { code, message: `${isStatementLevel(path) ? 'The statement' : 'The policy'} is missing ${what}.` };
  }
  const notAllowed = /^Property (.+) is not allowed\.$/.exec(message);
  if (notAllowed) {
    const where =
      path.length <= 1
        ? 'at the top of a policy'
        : isStatementLevel(path.slice(0, -1))
          ? 'in a statement'
          : `in \`${elementName(path.slice(0, -1))}\``;
    const parent = elementName(path.slice(0, -1));
    const hint = parent === 'Principal' || parent === 'NotPrincipal' ? ' Use AWS, Service, Federated or CanonicalUser.' : '';
    const code = hint ? 'INVALID_PRINCIPAL_KEY' : 'INVALID_POLICY_ELEMENT';
    return { code, message: `\`${notAllowed[1] ?? ''}\` is not a valid element ${where}.${hint}` };
  }
  if (
    /^Value is not accepted\. Valid values: /.test(message) ||
    /does not match the pattern/.test(message) ||
    /^Incorrect type\./.test(message) ||
    /^Value must be /.test(message)
  ) {
    return typeProblem(name, path, found, message);
  }
  if (message.startsWith('A statement cannot have both')) return { code: 'UNSUPPORTED_ELEMENT_COMBINATION', message };
  return { code: 'DATA_TYPE_MISMATCH', message: `\`${name}\`: ${message}` };
}

function typeProblem(name: string, path: JsonPath, found: string, original: string): SchemaFinding {
  if (name === 'Effect' && path.length <= 3) {
    return { code: 'INVALID_EFFECT', message: `\`Effect\` must be "Allow" or "Deny", found ${found}.` };
  }
  if (name === 'Version' && path.length === 1) {
    return { code: 'INVALID_VERSION', message: `\`Version\` must be "2012-10-17" (or the older "2008-10-17"), found ${found}.` };
  }
  const expected = expectedFor(name, path);
  if (expected) return { code: 'DATA_TYPE_MISMATCH', message: `\`${name}\` must be ${expected}, found ${found}.` };
  return { code: 'DATA_TYPE_MISMATCH', message: `\`${name}\`: ${original.replace(/\.$/, '')}, found ${found}.` };
}

function expectedFor(name: string, path: JsonPath): string | undefined {
  const inCondition = path.includes('Condition');
  if (inCondition) {
    // Statement/i/Condition/<operator>/<key>[/j]
    const depth = path.indexOf('Condition');
    const rel = path.length - depth;
    if (rel === 1) return 'an object of condition operators';
    if (rel === 2) return 'an object of condition keys and values';
    return 'a string, number or boolean, or an array of them';
  }
  const inPrincipal = path.includes('Principal') || path.includes('NotPrincipal');
  if (inPrincipal) {
    const last = path[path.length - 1];
    if (name === 'Principal' || name === 'NotPrincipal') {
      return typeof last === 'string' ? '"*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}' : 'a string';
    }
    return typeof last === 'number' ? 'a string' : 'a string or an array of strings';
  }
  switch (name) {
    case 'Action':
    case 'NotAction':
    case 'Resource':
    case 'NotResource':
      return typeof path[path.length - 1] === 'number' ? 'a string' : 'a string or an array of strings';
    case 'Sid':
    case 'Id':
      return 'a string';
    case 'Statement':
      return typeof path[path.length - 1] === 'number' ? 'an object' : 'an object or an array of statement objects';
    case 'policy':
      return 'an object with `Version` and `Statement`';
    default:
      return undefined;
  }
}
