/**
 * Parses an already-JSON-parsed policy document into the normalized {@link Policy} model.
 * Never throws: every problem becomes a {@link PolicyError} with the JSON path where it is, and
 * the returned policy holds whatever could be understood (statements with errors are dropped,
 * so a caller must not evaluate a policy whose `errors` is non-empty).
 */
import { parseConditionBlock } from './conditionBlock';
import { isRecord } from '../json';
import type {
  Effect,
  JsonPath,
  ListElement,
  ParsedPolicy,
  Policy,
  PolicyError,
  PolicyLabel,
  PolicyVersion,
  PrincipalBlock,
  Statement,
} from './types';

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const LIST_ELEMENTS: readonly ListElement[] = ['Action', 'NotAction', 'Resource', 'NotResource'];
const STATEMENT_KEYS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);

/** Normalizes `value` (a parsed JSON policy document). `label` is echoed by explanations. */
export function parsePolicy(value: unknown, label?: PolicyLabel): ParsedPolicy {
  const errors: PolicyError[] = [];
  if (!isRecord(value)) {
    errors.push({ path: [], message: 'A policy must be a JSON object with a Statement element.' });
    return { policy: emptyPolicy(label), errors };
  }
  for (const key of Object.keys(value)) {
    if (!TOP_LEVEL.has(key)) errors.push({ path: [key], message: `Unknown policy element '${key}'.` });
  }
  const version = parseVersion(value['Version'], errors);
  const policyId = typeof value['Id'] === 'string' ? value['Id'] : undefined;
  if (value['Id'] !== undefined && policyId === undefined) errors.push({ path: ['Id'], message: 'Id must be a string.' });
  const statements = parseStatements(value['Statement'], errors);
  const policy: Policy = {
    version: version ?? '2008-10-17',
    versionGiven: version !== undefined,
    statements,
    ...(policyId !== undefined ? { policyId } : {}),
    ...(label ? { label } : {}),
  };
  return { policy, errors };
}

function emptyPolicy(label?: PolicyLabel): Policy {
  return { version: '2008-10-17', versionGiven: false, statements: [], ...(label ? { label } : {}) };
}

// Version defaults to 2008-10-17 when absent (reference_policies_elements_version.md).
function parseVersion(raw: unknown, errors: PolicyError[]): PolicyVersion | undefined {
  if (raw === undefined) return undefined;
  if (raw === '2012-10-17' || raw === '2008-10-17') return raw;
  errors.push({ path: ['Version'], message: `Version must be "2012-10-17" or "2008-10-17", not ${JSON.stringify(raw)}.` });
  return undefined;
}

// Statement may be a single object or an array (reference_policies_elements_statement.md).
function parseStatements(raw: unknown, errors: PolicyError[]): Statement[] {
  if (raw === undefined) {
    errors.push({ path: [], message: 'A policy needs a Statement element.' });
    return [];
  }
  const single = !Array.isArray(raw);
  const list: unknown[] = Array.isArray(raw) ? raw : [raw];
  const out: Statement[] = [];
  list.forEach((s, i) => {
    const path: JsonPath = single ? ['Statement'] : ['Statement', i];
    const before = errors.length;
    const statement = parseStatement(s, i, path, errors);
    if (statement && errors.length === before) out.push(statement);
  });
  return out;
}

function parseStatement(raw: unknown, index: number, path: JsonPath, errors: PolicyError[]): Statement | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'Each statement must be a JSON object.' });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!STATEMENT_KEYS.has(key)) errors.push({ path: [...path, key], message: `Unknown statement element '${key}'.` });
  }
  const effect = parseEffect(raw['Effect'], path, errors);
  const sid = raw['Sid'];
  if (sid !== undefined && typeof sid !== 'string') errors.push({ path: [...path, 'Sid'], message: 'Sid must be a string.' });
  const action = exclusivePair(raw, 'Action', 'NotAction', path, errors, true);
  const resource = exclusivePair(raw, 'Resource', 'NotResource', path, errors, false);
  const principal = principalPair(raw, path, errors);
  const conditions = raw['Condition'] === undefined ? [] : parseConditionBlock(raw['Condition'], [...path, 'Condition'], errors);
  if (!effect) return undefined;
  const arrayElements = LIST_ELEMENTS.filter((e) => Array.isArray(raw[e]));
  return {
    index,
    effect,
    conditions,
    path,
    arrayElements,
    ...(typeof sid === 'string' ? { sid } : {}),
    ...(action.positive ? { action: action.positive } : {}),
    ...(action.negative ? { notAction: action.negative } : {}),
    ...(resource.positive ? { resource: resource.positive } : {}),
    ...(resource.negative ? { notResource: resource.negative } : {}),
    ...principal,
  };
}

function parseEffect(raw: unknown, path: JsonPath, errors: PolicyError[]): Effect | undefined {
  if (raw === 'Allow' || raw === 'Deny') return raw;
  const message =
    raw === undefined
      ? 'A statement needs an Effect ("Allow" or "Deny").'
      : `Effect must be "Allow" or "Deny", not ${JSON.stringify(raw)}.`;
  errors.push({ path: raw === undefined ? path : [...path, 'Effect'], message });
  return undefined;
}

interface Pair {
  positive?: string[];
  negative?: string[];
}

/** Reads Action/NotAction or Resource/NotResource: at most one of the two (exactly one if required). */
function exclusivePair(
  raw: Record<string, unknown>,
  pos: string,
  neg: string,
  path: JsonPath,
  errors: PolicyError[],
  required: boolean,
): Pair {
  const hasPos = raw[pos] !== undefined;
  const hasNeg = raw[neg] !== undefined;
  if (hasPos && hasNeg) {
    errors.push({ path: [...path, neg], message: `A statement cannot have both ${pos} and ${neg}.` });
    return {};
  }
  if (!hasPos && !hasNeg) {
    if (required) errors.push({ path, message: `A statement needs ${pos} or ${neg}.` });
    return {};
  }
  const name = hasPos ? pos : neg;
  const list = stringList(raw[name], [...path, name], errors);
  if (!list) return {};
  return hasPos ? { positive: list } : { negative: list };
}

/**
 * The JSON path of entry `index` of a list element, e.g. `['Statement', 0, 'Action', 2]`, or
 * `['Statement', 0, 'Action']` when the element was written as a single string.
 */
export function entryPath(st: Statement, element: ListElement, index: number): JsonPath {
  return st.arrayElements.includes(element) ? [...st.path, element, index] : [...st.path, element];
}

/** A string or a non-empty array of strings. */
export function stringList(raw: unknown, path: JsonPath, errors: PolicyError[]): string[] | undefined {
  if (typeof raw === 'string') return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((v) => typeof v === 'string')) return raw as string[];
  errors.push({ path, message: 'Expected a string or a non-empty array of strings.' });
  return undefined;
}

function principalPair(
  raw: Record<string, unknown>,
  path: JsonPath,
  errors: PolicyError[],
): { principal?: PrincipalBlock; notPrincipal?: PrincipalBlock } {
  if (raw['Principal'] !== undefined && raw['NotPrincipal'] !== undefined) {
    errors.push({ path: [...path, 'NotPrincipal'], message: 'A statement cannot have both Principal and NotPrincipal.' });
    return {};
  }
  if (raw['Principal'] !== undefined) {
    const block = parsePrincipalBlock(raw['Principal'], [...path, 'Principal'], errors);
    return block ? { principal: block } : {};
  }
  if (raw['NotPrincipal'] !== undefined) {
    const block = parsePrincipalBlock(raw['NotPrincipal'], [...path, 'NotPrincipal'], errors);
    return block ? { notPrincipal: block } : {};
  }
  return {};
}

const PRINCIPAL_KINDS = new Map([
  ['AWS', 'aws'],
  ['Service', 'service'],
  ['Federated', 'federated'],
  ['CanonicalUser', 'canonicalUser'],
] as const);

/** `"*"` or `{ "AWS" | "Service" | "Federated" | "CanonicalUser": string | string[] }`. */
export function parsePrincipalBlock(raw: unknown, path: JsonPath, errors: PolicyError[]): PrincipalBlock | undefined {
  if (raw === '*') return { wildcard: true, aws: [], service: [], federated: [], canonicalUser: [], path, arrayKinds: [] };
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    errors.push({ path, message: 'Principal must be "*" or an object like {"AWS": "arn:aws:iam::123456789012:root"}.' });
    return undefined;
  }
  const arrayKinds = Object.keys(raw).filter((k) => Array.isArray(raw[k]));
  const block = {
    wildcard: false,
    aws: [] as string[],
    service: [] as string[],
    federated: [] as string[],
    canonicalUser: [] as string[],
    path,
    arrayKinds,
  };
  for (const [kind, value] of Object.entries(raw)) {
    const field = PRINCIPAL_KINDS.get(kind as 'AWS');
    if (!field) {
      errors.push({
        path: [...path, kind],
        message: `Unknown principal type '${kind}' (expected AWS, Service, Federated or CanonicalUser).`,
      });
      continue;
    }
    const list = stringList(value, [...path, kind], errors);
    if (list) block[field].push(...list);
  }
  // {"AWS": "*"} is equivalent to "*" (reference_policies_elements_principal.md, All principals).
  block.wildcard = block.aws.includes('*');
  return block;
}
