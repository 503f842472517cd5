/**
 * Reads the plain-JSON evaluation input used by the CLI (`iam-policy-studio evaluate`) and the
 * data-driven tests:
 *
 * ```
 * { "identityPolicies": [...], "resourcePolicy"?, "permissionBoundaries"?: [...], "sessionPolicy"?,
 *   "scps"?: [[...], ...], "rcps"?: [[...], ...], "vpcEndpointPolicies"?: [...],
 *   "request": { "principal", "action", "resource", "resourceAccount"?, "context"?, "requireResourcePolicy"? } }
 * ```
 *
 * A policy is either a policy document or `{ "id"?, "source"?, "document": {...} }` (the label is
 * echoed in explanations). `principal` is an ARN / account id / service name / `"*"` string, or an
 * object shaped like {@link RequestPrincipal}. Context values are strings or string arrays;
 * numbers and booleans are accepted and converted to strings.
 */
import { isRecord } from '../json';
import { parsePolicy } from '../policy/parse';
import type { JsonPath, Policy } from '../policy/types';
import { principalFromArn, type PrincipalType, type RequestPrincipal } from './principal';
import type { EvaluationRequest, PolicySet } from './types';
import { CACHES } from '../caches';

/** A problem in the input, with the JSON path inside the input object. */
export interface InputError {
  readonly path: JsonPath;
  readonly message: string;
}

/** The parsed input, or every error found. */
export type ParsedInput =
  | { readonly ok: true; readonly request: EvaluationRequest; readonly policies: PolicySet }
  | { readonly ok: false; readonly errors: readonly InputError[] };

const INPUT_KEYS = new Set([
  'identityPolicies',
  'resourcePolicy',
  'permissionBoundaries',
  'sessionPolicy',
  'scps',
  'rcps',
  'vpcEndpointPolicies',
  'request',
]);

/**
 * Reads one policy of the input (a document or `{ id?, source?, document }`) at `path`, adding
 * its problems to `errors`. A batch reader can return a policy it already read from the same text.
 */
export type PolicyReader = (raw: unknown, path: JsonPath, errors: InputError[]) => Policy | undefined;

/** Parses one evaluation input object. Never throws. `read` reads each policy (default: {@link readPolicy}). */
export function parseEvaluationInput(value: unknown, read: PolicyReader = readPolicy): ParsedInput {
  if (!isRecord(value)) return { ok: false, errors: [{ path: [], message: 'Input must be a JSON object with a "request".' }] };
  const { policies, errors } = parseInputPolicies(value, read);
  const request = parseInputRequest(value['request'], errors);
  if (errors.length > 0 || !request) return { ok: false, errors };
  return { ok: true, request, policies };
}

/**
 * The policy part of an input object: every field but `request` (unknown fields are errors).
 * Separate from the request so a batch can reuse the result for lines that repeat the policies.
 */
export function parseInputPolicies(
  value: Readonly<Record<string, unknown>>,
  read: PolicyReader = readPolicy,
): { policies: PolicySet; errors: InputError[] } {
  const errors: InputError[] = [];
  for (const k of Object.keys(value)) if (!INPUT_KEYS.has(k)) errors.push({ path: [k], message: `Unknown input field '${k}'.` });
  const policies: PolicySet = {
    ...optionalList(value, 'identityPolicies', errors, read),
    ...optionalOne(value, 'resourcePolicy', errors, read),
    ...optionalList(value, 'permissionBoundaries', errors, read),
    ...optionalOne(value, 'sessionPolicy', errors, read),
    ...optionalLevels(value, 'scps', errors, read),
    ...optionalLevels(value, 'rcps', errors, read),
    ...optionalList(value, 'vpcEndpointPolicies', errors, read),
  };
  return { policies, errors };
}

/** Reads a policy value: a document or `{ id?, source?, document }` (the label is echoed in explanations). */
export function readPolicy(raw: unknown, path: JsonPath, errors: InputError[]): Policy | undefined {
  const wrapped = isRecord(raw) && raw['document'] !== undefined && raw['Statement'] === undefined;
  const doc = wrapped ? raw['document'] : raw;
  const id = wrapped && typeof raw['id'] === 'string' ? raw['id'] : undefined;
  const source = wrapped && typeof raw['source'] === 'string' ? raw['source'] : undefined;
  const label =
    id !== undefined || source !== undefined
      ? { ...(id !== undefined ? { id } : {}), ...(source !== undefined ? { source } : {}) }
      : undefined;
  const parsed = parsePolicy(doc, label);
  const docPath = wrapped ? [...path, 'document'] : path;
  for (const e of parsed.errors) errors.push({ path: [...docPath, ...e.path], message: e.message });
  return parsed.errors.length === 0 ? parsed.policy : undefined;
}

function optionalOne<K extends string>(
  obj: Readonly<Record<string, unknown>>,
  key: K,
  errors: InputError[],
  read: PolicyReader,
): Partial<Record<K, Policy>> {
  if (obj[key] === undefined || obj[key] === null) return {};
  const p = read(obj[key], [key], errors);
  return p ? ({ [key]: p } as Record<K, Policy>) : {};
}

function optionalList<K extends string>(
  obj: Readonly<Record<string, unknown>>,
  key: K,
  errors: InputError[],
  read: PolicyReader,
): Partial<Record<K, Policy[]>> {
  const raw = obj[key];
  if (raw === undefined) return {};
  if (!Array.isArray(raw)) {
    errors.push({ path: [key], message: `'${key}' must be an array of policies.` });
    return {};
  }
  const list = raw.map((r, i) => read(r, [key, i], errors)).filter((p): p is Policy => p !== undefined);
  return { [key]: list } as Record<K, Policy[]>;
}

function optionalLevels<K extends string>(
  obj: Readonly<Record<string, unknown>>,
  key: K,
  errors: InputError[],
  read: PolicyReader,
): Partial<Record<K, Policy[][]>> {
  const raw = obj[key];
  if (raw === undefined) return {};
  if (!Array.isArray(raw) || !raw.every(Array.isArray)) {
    errors.push({ path: [key], message: `'${key}' must be an array of levels (root first), each an array of policies.` });
    return {};
  }
  const levels = (raw as unknown[][]).map((level, l) =>
    level.map((r, i) => read(r, [key, l, i], errors)).filter((p): p is Policy => p !== undefined),
  );
  return { [key]: levels } as Record<K, Policy[][]>;
}

/** The `request` field of an input object; problems go to `errors`. */
export function parseInputRequest(raw: unknown, errors: InputError[]): EvaluationRequest | undefined {
  if (!isRecord(raw)) {
    errors.push({ path: ['request'], message: '"request" must be an object with principal, action and resource.' });
    return undefined;
  }
  const principal = parsePrincipal(raw['principal'], errors);
  const action = requiredString(raw, 'action', errors);
  const resource = requiredString(raw, 'resource', errors);
  const context = parseContext(raw['context'], errors);
  const account = raw['resourceAccount'];
  if (account !== undefined && (typeof account !== 'string' || !/^\d{12}$/.test(account)))
    errors.push({ path: ['request', 'resourceAccount'], message: 'resourceAccount must be a 12-digit account id.' });
  if (!principal || action === undefined || resource === undefined) return undefined;
  // One object built field by field in a fixed order (no spreads: this runs once per request).
  const request: { -readonly [K in keyof EvaluationRequest]: EvaluationRequest[K] } = { principal, action, resource };
  if (typeof account === 'string') request.resourceAccount = account;
  if (context) request.context = context;
  if (raw['requireResourcePolicy'] === true) request.requireResourcePolicy = true;
  return request;
}

function requiredString(raw: Record<string, unknown>, key: string, errors: InputError[]): string | undefined {
  const v = raw[key];
  if (typeof v === 'string' && v.length > 0) return v;
  errors.push({ path: ['request', key], message: `request.${key} must be a non-empty string.` });
  return undefined;
}

const TYPES: ReadonlySet<PrincipalType> = new Set([
  'user',
  'role',
  'assumed-role',
  'federated-user',
  'root',
  'service',
  'web-identity',
  'saml',
  'anonymous',
]);
const PRINCIPAL_FIELDS = ['arn', 'account', 'roleArn', 'userArn', 'service', 'provider', 'canonicalUser', 'uniqueId'] as const;

function parsePrincipal(raw: unknown, errors: InputError[]): RequestPrincipal | undefined {
  const path = ['request', 'principal'];
  if (typeof raw === 'string') {
    const p = principalOfString(raw);
    if (!p)
      errors.push({
        path,
        message: `Cannot tell the principal type of '${raw}' (expected a user, role, session, federated-user or root ARN, an account id, a service principal or "*").`,
      });
    return p;
  }
  if (!isRecord(raw) || typeof raw['type'] !== 'string' || !TYPES.has(raw['type'] as PrincipalType)) {
    errors.push({ path, message: `principal must be an ARN string or an object with "type" (one of ${[...TYPES].join(', ')}).` });
    return undefined;
  }
  const derived = typeof raw['arn'] === 'string' ? principalFromArn(raw['arn']) : undefined;
  const fields: Record<string, unknown> = { ...(derived ?? {}), type: raw['type'] };
  for (const f of PRINCIPAL_FIELDS) if (typeof raw[f] === 'string') fields[f] = raw[f];
  if (typeof raw['serviceLinked'] === 'boolean') fields['serviceLinked'] = raw['serviceLinked'];
  return fields as unknown as RequestPrincipal;
}

// Requests of a batch name few principals: each string is read once (the objects are immutable).
const principals = CACHES.map<string, RequestPrincipal | undefined>('evaluator.requestPrincipals');

function principalOfString(text: string): RequestPrincipal | undefined {
  if (principals.has(text)) return principals.get(text);
  if (principals.size >= 1024) principals.clear();
  const p = principalFromArn(text);
  principals.set(text, p);
  return p;
}

function parseContext(raw: unknown, errors: InputError[]): Record<string, string | string[]> | undefined {
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) {
    errors.push({ path: ['request', 'context'], message: 'request.context must map keys to a string or an array of strings.' });
    return undefined;
  }
  // The usual context maps keys to strings: then it is taken as it is (a request never changes it).
  if (allStrings(raw)) return raw as Record<string, string>;
  const out: Record<string, string | string[]> = {};
  // A plain loop (this runs once per request of a batch): own keys in Object.entries order.
  for (const k in raw) {
    if (!hasOwn.call(raw, k)) continue;
    const v = raw[k];
    let value: string | string[];
    if (typeof v === 'string') value = v;
    else if (Array.isArray(v) && v.every(isScalar)) value = v.map(String);
    else if (isScalar(v)) value = String(v);
    else {
      errors.push({ path: ['request', 'context', k], message: `Context key '${k}' must have a string or an array of strings.` });
      continue;
    }
    // A "__proto__" key stays an ordinary key, as JSON.parse made it.
    if (k === '__proto__') Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
    else out[k] = value;
  }
  return out;
}

/** Whether every own enumerable property of `raw` is a string. */
function allStrings(raw: Record<string, unknown>): boolean {
  for (const k in raw) if (hasOwn.call(raw, k) && typeof raw[k] !== 'string') return false;
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}
