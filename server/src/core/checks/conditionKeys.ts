/**
 * Condition operators and keys: unknown operators and keys (with near matches), operator/key
 * type mismatches, set qualifiers on single- and multi-valued keys, duplicate keys, and keys
 * that the statement's actions do not support.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { Catalog, ConditionKeyInfo } from '../catalog';
import { parseOperatorName, type ParsedOperator } from '../policy';
import type { CheckFamily, Finding, Fix, JsonPath, RawStatement } from './types';
import { isRecord, json, rawConditions, type RawCondition } from './walk';
import { familiesFor, familyOf, sameRelation, suggestOperators, withBase } from './operators';
import { keySupportChecks } from './keySupport';

/** The codes this module reports. */
export const conditionKeysCodes: readonly CheckInfo[] = [
  defineCheck('INVALID_CONDITION_OPERATOR', 'error', 'Invalid condition operator'),
  defineCheck('NULL_WITH_IF_EXISTS', 'error', 'Null with if exists'),
  defineCheck('NULL_WITH_QUALIFIER', 'suggestion', 'Null with qualifier'),
  defineCheck('INVALID_CONDITION_KEY_FORMAT', 'error', 'Invalid condition key format'),
  defineCheck('INVALID_GLOBAL_CONDITION_KEY', 'error', 'Invalid global condition key'),
  defineCheck('INVALID_SERVICE_CONDITION_KEY', 'error', 'Invalid service condition key'),
  defineCheck('DEPRECATED_GLOBAL_CONDITION_KEY', 'warning', 'Deprecated global condition key'),
  defineCheck('MISSING_TAG_KEY_IN_CONDITION', 'error', 'Missing tag key in condition'),
  defineCheck('DUPLICATE_KEYS_WITH_DIFFERENT_CASE', 'error', 'Duplicate keys with different case'),
  defineCheck('TYPE_MISMATCH', 'warning', 'Type mismatch'),
  defineCheck('MISSING_QUALIFIER', 'error', 'Missing qualifier'),
  defineCheck('FORALLVALUES_WITH_SINGLE_VALUED_KEY', 'security', 'ForAllValues with single valued key'),
  defineCheck('CONFIRM_AUDIENCE_CLAIM_TYPE', 'suggestion', 'Confirm audience claim type'),
  defineCheck('STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS', 'security', 'String like operator with ARN condition keys', undefined, {
    newerThanReference: true,
  }),
];

/** Operator and key checks for every statement. */
export const conditionChecks: CheckFamily = (ctx, statements, out) => {
  for (const st of statements) {
    operatorChecks(st, out);
    duplicateKeys(st, out);
    for (const c of rawConditions(st)) {
      const op = parseOperatorName(c.operator);
      const def = keyChecks(ctx.catalog, c, out);
      if (def && !('error' in op)) typeChecks(st, c, op, def, out, ctx.catalog);
    }
    if (ctx.catalog) keySupportChecks(ctx.catalog, st, out);
  }
};

function operatorChecks(st: RawStatement, out: Finding[]): void {
  const block = st.obj['Condition'];
  if (!isRecord(block)) return;
  for (const op of Object.keys(block)) {
    const path: JsonPath = [...st.path, 'Condition', op];
    const parsed = parseOperatorName(op);
    if ('error' in parsed) {
      if (/^(for\w+:)?nullifexists$/i.test(op)) {
        out.push({
          code: 'NULL_WITH_IF_EXISTS',
          path,
          target: 'key',
          message: `${json(op)}: the Null operator cannot take the IfExists suffix (Null already tests whether the key exists).`,
          fixes: [renameKey(path, op.slice(0, -'IfExists'.length), true)],
        });
      } else {
        const near = suggestOperators(op);
        const hint = near.length ? ` Did you mean ${near.map(json).join(' or ')}?` : '';
        out.push({
          code: 'INVALID_CONDITION_OPERATOR',
          path,
          target: 'key',
          message: `The condition operator ${json(op)} is not valid.${hint}`,
          fixes: near.map((n, i) => renameKey(path, n, i === 0)),
        });
      }
    } else if (parsed.base === 'Null' && parsed.setOperator) {
      out.push({
        code: 'NULL_WITH_QUALIFIER',
        path,
        target: 'key',
        message: `Avoid ${parsed.setOperator} with Null: the result is always ${parsed.setOperator === 'ForAllValues' ? 'true' : 'false'}. Use Null alone.`,
        fixes: [renameKey(path, 'Null', true)],
      });
    }
  }
}

/** A fix that renames the key at `path` (a condition operator or key). */
export function renameKey(path: JsonPath, name: string, preferred = false): Fix {
  return {
    title: `Replace with ${json(name)}`,
    edits: [{ kind: 'replace', path, target: 'key', json: json(name) }],
    ...(preferred ? { preferred } : {}),
  };
}

function duplicateKeys(st: RawStatement, out: Finding[]): void {
  const block = st.obj['Condition'];
  if (!isRecord(block)) return;
  for (const [op, keys] of Object.entries(block)) {
    if (!isRecord(keys)) continue;
    const seen = new Map<string, string>();
    for (const key of Object.keys(keys)) {
      const first = seen.get(key.toLowerCase());
      const path = [...st.path, 'Condition', op, key];
      if (first !== undefined) {
        out.push({
          code: 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE',
          path,
          target: 'key',
          message: `The condition key ${json(key)} repeats ${json(first)} with different capitalization under ${op}: keys are case-insensitive, so only one applies. Remove the duplicate.`,
          fixes: [{ title: `Remove ${json(key)}`, edits: [{ kind: 'remove', path }] }],
        });
      } else seen.set(key.toLowerCase(), key);
    }
  }
}

const TAG_KEYS = new Set(['aws:requesttag', 'aws:resourcetag', 'aws:principaltag', 's3:existingobjecttag', 's3:requestobjecttag']);

/** Key format and existence; returns the key's definition when known. */
function keyChecks(catalog: Catalog | undefined, c: RawCondition, out: Finding[]): ConditionKeyInfo | undefined {
  const push = (code: string, message: string, fixes?: readonly Fix[]) =>
    out.push({ code, path: c.path, target: 'key', message, ...(fixes?.length ? { fixes } : {}) });
  const lower = c.key.toLowerCase().replace(/\/$/, '');
  const colon = c.key.indexOf(':');
  if (colon <= 0 || colon === c.key.length - 1) {
    push('INVALID_CONDITION_KEY_FORMAT', `The condition key ${json(c.key)} is not valid: use the form service:keyname.`);
    return undefined;
  }
  if (lower === 'aws:arn') {
    push(
      'DEPRECATED_GLOBAL_CONDITION_KEY',
      'aws:ARN is deprecated: use aws:PrincipalArn (the principal) or aws:SourceArn (the source resource).',
      [renameKey(c.path, 'aws:PrincipalArn', true), renameKey(c.path, 'aws:SourceArn')],
    );
    return undefined;
  }
  if (TAG_KEYS.has(lower)) {
    push('MISSING_TAG_KEY_IN_CONDITION', `The condition key ${json(c.key)} needs a tag key: use ${c.key.replace(/\/$/, '')}/tag-key.`);
    return undefined;
  }
  return catalog ? lookupKey(catalog, c, push) : undefined;
}

type Push = (code: string, message: string, fixes?: readonly Fix[]) => void;

function lookupKey(catalog: Catalog, c: RawCondition, push: Push): ConditionKeyInfo | undefined {
  const def = catalog.conditionKey(c.key);
  if (def) return def;
  const prefix = c.key.slice(0, c.key.indexOf(':'));
  // Claim keys of an OIDC provider (`accounts.google.com:aud`, `myprovider.example.com:sub`) are the provider's, not a service's.
  if (prefix.includes('.')) return undefined;
  const near = catalog.suggestConditionKeys(c.key).map((k) => k.key);
  const hint = near.length ? ` Did you mean ${near.map(json).join(' or ')}?` : '';
  const fixes = near.filter((n) => !n.includes('${') && !n.includes('<')).map((n, i) => renameKey(c.path, n, i === 0));
  const family = catalog.keyFamily(prefix);
  if (prefix.toLowerCase() === 'aws')
    push('INVALID_GLOBAL_CONDITION_KEY', `The global condition key ${json(c.key)} does not exist.${hint}`, fixes);
  else if (family.length) familyKeyFinding(c, prefix, family, near, push);
  else if (!catalog.service(prefix))
    push('INVALID_SERVICE', `The service ${json(prefix)} of condition key ${json(c.key)} does not exist.${hint}`, fixes);
  else push('INVALID_SERVICE_CONDITION_KEY', `The condition key ${json(c.key)} does not exist in the service ${prefix}.${hint}`, fixes);
  return undefined;
}

/**
 * A key of a family that is not a service (SAML's assertion keys, `saml:aud`): the family exists,
 * the key does not. Keys whose name starts the other's (`SAML:audience`, `saml:aud`) are offered.
 */
function familyKeyFinding(c: RawCondition, prefix: string, family: readonly ConditionKeyInfo[], near: readonly string[], push: Push): void {
  const name = c.key.slice(prefix.length + 1).toLowerCase();
  const related = family
    .map((k) => k.key)
    .filter((k) => {
      const other = k.slice(prefix.length + 1).toLowerCase();
      return name.startsWith(other) || other.startsWith(name);
    });
  const offered = [...new Set([...related, ...near])].slice(0, 3);
  const hint = offered.length ? ` Did you mean ${offered.map(json).join(' or ')}?` : '';
  const fixes = offered.filter((n) => !n.includes('${') && !n.includes('<')).map((n, i) => renameKey(c.path, n, i === 0));
  push('INVALID_SERVICE_CONDITION_KEY', `The condition key ${json(c.key)} is not one of the ${prefix} keys AWS defines.${hint}`, fixes);
}

/**
 * An ARN operator on a String key whose values are all ARNs (kms:EncryptionContext:aws:logs:arn):
 * "The ARN is considered a string" (condition operators page), and AWS's own key policies and
 * managed policies match such keys with ArnLike, so it is no mismatch.
 */
function arnValuesOfStringKey(family: string, def: ConditionKeyInfo, c: RawCondition): boolean {
  if (family !== 'Arn' || def.baseType !== 'String') return false;
  const values = Array.isArray(c.raw) ? c.raw : [c.raw];
  return values.length > 0 && values.every((v) => typeof v === 'string' && /^arn:/i.test(v));
}

/** Whether every value is exactly `${key}` for a condition key of the same type as `def`. */
function sameTypedKeys(catalog: Catalog | undefined, def: ConditionKeyInfo, values: readonly unknown[]): boolean {
  if (!catalog) return false;
  return values.every((v) => {
    const m = typeof v === 'string' ? /^\$\{([^}$*?]+)\}$/.exec(v) : null;
    return m !== null && catalog.conditionKey(m[1]!)?.baseType === def.baseType;
  });
}

function typeChecks(
  st: RawStatement,
  c: RawCondition,
  op: Exclude<ParsedOperator, { error: string }>,
  def: ConditionKeyInfo,
  out: Finding[],
  catalog?: Catalog,
): void {
  const opPath = c.path.slice(0, -1);
  const families = familiesFor(def.baseType);
  const family = familyOf(op.base);
  if (families && family !== 'Null' && !families.includes(family) && !arnValuesOfStringKey(family, def, c)) {
    const better = withBase(c.operator, sameRelation(op.base, families[0]!));
    // Policy variables work only with String and ARN operators (INVALID_VARIABLE_FOR_OPERATOR):
    // never advise an operator that would then be rejected for the variable in the value.
    const values = Array.isArray(c.raw) ? c.raw : [c.raw];
    const variable = values.some((v) => typeof v === 'string' && v.includes('${'));
    if (variable && !['String', 'Arn'].includes(families[0]!) && sameTypedKeys(catalog, def, values)) {
      // Nothing to report: the value is a key of the same type, which AWS fills in written alike,
      // so the text comparison is exact. IAM User Guide, reference_policies_condition-keys
      // (aws:Ec2InstanceSourcePrivateIPv4): `"StringNotEquals": {"aws:Ec2InstanceSourcePrivateIPv4": "${aws:VpcSourceIp}"}`.
    } else if (variable && !['String', 'Arn'].includes(families[0]!)) {
      out.push({
        code: 'TYPE_MISMATCH',
        path: opPath,
        target: 'key',
        message: `${json(c.operator)} compares the condition key ${c.key} (type ${def.type}) as text, not as its type; its value is a policy variable, which ${families[0]} operators do not accept, so make sure both are written alike.`,
      });
    } else {
      out.push({
        code: 'TYPE_MISMATCH',
        path: opPath,
        target: 'key',
        message: `Use a ${families[0]} operator such as ${json(better)} instead of ${json(c.operator)} for the condition key ${c.key} (type ${def.type}).`,
        fixes: operatorFix(st, c, better),
      });
    }
  }
  if (family === 'Null') return;
  // Access Analyzer (ValidatePolicy on AWS managed policies, 2026-03-07: every StringLike and
  // StringLikeIfExists on an ARN key, e.g. iam:AssociatedResourceArn, ram:ResourceArn; StringEquals
  // is not reported): a StringLike wildcard also spans the ARN's colons, ArnLike matches field by field.
  if (def.baseType === 'ARN' && op.base === 'StringLike') {
    const better = withBase(c.operator, 'ArnLike');
    out.push({
      code: 'STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS',
      path: opPath,
      target: 'key',
      message: `Use an ARN operator such as ${json(better)} instead of ${json(c.operator)} for the ARN condition key ${c.key}: a StringLike wildcard also matches across the ARN's fields.`,
      fixes: operatorFix(st, c, better),
    });
  }
  // OIDC providers' aud claims (host names have dots; saml:aud is SAML's single-valued key).
  const isAud = /^[^:]*\.[^:]*:aud$/i.test(c.key);
  if (isAud && op.setOperator) {
    out.push({
      code: 'CONFIRM_AUDIENCE_CLAIM_TYPE',
      path: opPath,
      target: 'key',
      message: `Confirm the type of the 'aud' claim of ${c.key}: use ${op.setOperator} only if the provider sends it as a list; for a single value, use no qualifier.`,
    });
  } else if (def.multiValued && !op.setOperator) {
    const better = `ForAnyValue:${c.operator}`;
    out.push({
      code: 'MISSING_QUALIFIER',
      path: c.path,
      target: 'key',
      message: `The condition key ${c.key} can have several values in a request: use ForAnyValue: or ForAllValues: with ${c.operator}.`,
      fixes: operatorFix(st, c, better),
    });
  } else if (!def.multiValued && !def.formerlyMultiValued && op.setOperator === 'ForAllValues' && !isAud) {
    // Not for keys an older reference typed ArrayOf… (formerlyMultiValued): Access Analyzer still
    // treats them as multivalued (no finding for ForAllValues on codestar-connections:ProviderAction,
    // String since the reference of 2025-12, in AmazonCodeGuruReviewerServiceRolePolicy, 2026-03-07).
    const better = c.operator.slice(c.operator.indexOf(':') + 1);
    out.push({
      code: 'FORALLVALUES_WITH_SINGLE_VALUED_KEY',
      path: opPath,
      target: 'key',
      message: `ForAllValues with the single-valued key ${c.key} is also true when the key is absent, which is overly permissive. Remove ForAllValues:.`,
      fixes: operatorFix(st, c, better),
    });
  }
}

/**
 * Renames the operator of condition `c` to `name`, when that changes nothing else: `c` is the
 * only key under its operator and the block has no `name` operator yet.
 */
export function operatorFix(st: RawStatement, c: RawCondition, name: string): Fix[] {
  const block = st.obj['Condition'];
  if (c.siblings !== 1 || !isRecord(block)) return [];
  if (Object.keys(block).some((k) => k.toLowerCase() === name.toLowerCase())) return [];
  return [renameKey(c.path.slice(0, -1), name, true)];
}
