/**
 * Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`): syntax, the elements
 * that accept them (Resource, NotResource, Condition values and keys), and the Version they need.
 */
import { defineCheck, type CheckInfo } from './registry';
import type { CheckFamily, Finding, JsonPath } from './types';
import { isRecord, json } from './walk';
import { parseTemplate, variablesBeforeResourcePart } from '../evaluator/variables';
import type { Catalog } from '../catalog';

/** The codes this module reports. */
export const variablesCodes: readonly CheckInfo[] = [
  defineCheck('MISSING_BRACE_IN_VARIABLE', 'error', 'Missing brace in variable'),
  defineCheck('MISSING_QUOTE_IN_VARIABLE', 'error', 'Missing quote in variable'),
  defineCheck('UNSUPPORTED_SPACE_IN_VARIABLE', 'error', 'Unsupported space in variable'),
  defineCheck('EMPTY_VARIABLE', 'error', 'Empty variable'),
  // In AWS's current check reference (awsdocs/iam-user-guide access-analyzer-reference-policy-checks.md,
  // "Error – Unsupported symbol in variable"), not in the 2023 copy.
  defineCheck('UNSUPPORTED_SYMBOL_IN_VARIABLE', 'error', 'Unsupported symbol in variable', undefined, { newerThanReference: true }),
  defineCheck('VARIABLE_UNSUPPORTED_IN_ELEMENT', 'error', 'Variable unsupported in element'),
  defineCheck('VARIABLE_UNSUPPORTED_IN_VERSION', 'error', 'Variable unsupported in version'),
  defineCheck(
    'VARIABLE_BEFORE_RESOURCE_PART',
    'warning',
    'Variable before the resource part of an ARN',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-resourceelement',
  ),
  defineCheck(
    'MULTIVALUED_KEY_AS_VARIABLE',
    'warning',
    'Multivalued condition key used as a variable',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html',
  ),
];

/** Elements whose strings may hold variables (reference_policies_variables.md, "Where you can use policy variables"). */
const VARIABLE_ELEMENTS = new Set(['Resource', 'NotResource', 'Condition']);

/** Variable syntax and placement in every string of every statement. */
export const variableChecks: CheckFamily = (ctx, statements, out) => {
  const versionOk = isRecord(ctx.value) && ctx.value['Version'] === '2012-10-17';
  let versionReported = false;
  for (const st of statements) {
    walkStrings(st.obj, [...st.path], (text, path, isKey) => {
      if (!text.includes('${')) return;
      const element = path[st.path.length] as string;
      if (!VARIABLE_ELEMENTS.has(element)) {
        if (!isKey)
          out.push({
            code: 'VARIABLE_UNSUPPORTED_IN_ELEMENT',
            path,
            target: target(path),
            message: `Policy variables are supported only in Resource, NotResource and Condition: remove the variable from ${element}.`,
          });
        return;
      }
      syntax(text, path, isKey, out);
      if (!isKey && element !== 'Condition') beforeResourcePart(text, path, out);
      if (!isKey && ctx.catalog) multivaluedVariables(ctx.catalog, text, path, element, out);
      if (!versionOk && !versionReported) {
        versionReported = true;
        out.push({
          code: 'VARIABLE_UNSUPPORTED_IN_VERSION',
          path,
          target: isKey ? 'key' : target(path),
          message: `${json(text)} uses a policy variable, which needs "Version": "2012-10-17" (otherwise it is matched literally).`,
          fixes: [versionFix(ctx.value)],
        });
      }
    });
  }
};

/**
 * "You can use any single-valued condition key as a variable. You can't use a multivalued condition
 * key as a variable" (reference_policies_variables.md): such a variable never has a value, so a
 * Resource entry with it matches nothing and a condition value with it matches nothing.
 */
function multivaluedVariables(catalog: Catalog, text: string, path: JsonPath, element: string, out: Finding[]): void {
  for (const part of parseTemplate(text).parts) {
    if (part.kind !== 'var') continue;
    const def = catalog.conditionKey(part.key);
    if (!def?.multiValued) continue;
    const effect =
      element === 'Condition'
        ? 'this condition value matches no request value (a negated operator always matches)'
        : `this ${element} entry matches no resource`;
    out.push({
      code: 'MULTIVALUED_KEY_AS_VARIABLE',
      path,
      target: target(path),
      message: `${part.key} is a multivalued condition key (${def.type}), and AWS does not use multivalued keys as policy variables ("You can't use a multivalued condition key as a variable"): \`\${${part.key}}\` never has a value, so ${effect}. Use a single-valued key, or test ${part.key} in a condition with ForAnyValue:/ForAllValues:.`,
    });
  }
}

/**
 * AWS substitutes variables "only in the resource portion of the ARN", after the fifth colon
 * (reference_policies_variables.md): `arn:aws:sns:*:${aws:PrincipalAccount}:*` is not substituted
 * and matches no real ARN.
 */
function beforeResourcePart(text: string, path: JsonPath, out: Finding[]): void {
  const vars = variablesBeforeResourcePart(text);
  if (vars.length === 0) return;
  const list = vars.map((v) => `\`${v}\``).join(', ');
  out.push({
    code: 'VARIABLE_BEFORE_RESOURCE_PART',
    path,
    target: target(path),
    message: `AWS replaces policy variables only in the resource part of an ARN (after the fifth colon), not in the partition, service, region or account: ${list} in ${json(text)} stays literal text, so this entry matches no ARN. Use a wildcard there and a condition (e.g. aws:ResourceAccount) instead.`,
  });
}

function versionFix(value: unknown) {
  const has = isRecord(value) && value['Version'] !== undefined;
  return has
    ? {
        title: 'Set "Version": "2012-10-17"',
        edits: [{ kind: 'replace' as const, path: ['Version'], target: 'value' as const, json: '"2012-10-17"' }],
        preferred: true,
      }
    : {
        title: 'Add "Version": "2012-10-17"',
        edits: [{ kind: 'insert' as const, path: [], key: 'Version', json: '"2012-10-17"', first: true }],
        preferred: true,
      };
}

function target(path: JsonPath): 'element' | 'value' {
  return typeof path[path.length - 1] === 'number' ? 'element' : 'value';
}

/**
 * Calls `visit` for every string value and object key under `value` that contains `${`. The path
 * is one mutable stack, copied only for a hit (most strings of a large policy have no variable).
 */
function walkStrings(value: unknown, path: (string | number)[], visit: (text: string, path: JsonPath, isKey: boolean) => void): void {
  if (typeof value === 'string') {
    if (value.includes('${')) visit(value, [...path], false);
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walkStrings(value[i], path, visit);
      path.pop();
    }
  } else if (isRecord(value)) {
    for (const k of Object.keys(value)) {
      path.push(k);
      if (path.length > 1 && k.includes('${')) visit(k, [...path], true);
      walkStrings(value[k], path, visit);
      path.pop();
    }
  }
}

function syntax(text: string, path: JsonPath, isKey: boolean, out: Finding[]): void {
  const t = isKey ? 'key' : target(path);
  const push = (code: string, message: string) => out.push({ code, path, target: t, message });
  for (let i = text.indexOf('${'); i >= 0; i = text.indexOf('${', i + 2)) {
    const end = text.indexOf('}', i);
    if (end < 0) {
      push('MISSING_BRACE_IN_VARIABLE', `The policy variable in ${json(text)} has no closing }.`);
      return;
    }
    const body = text.slice(i + 2, end);
    if (body.trim() === '') push('EMPTY_VARIABLE', `Empty policy variable in ${json(text)}: remove \${} or name a variable inside it.`);
    else if (body === '*' || body === '?' || body === '$') continue;
    else variableBody(body, text, push);
  }
}

function variableBody(body: string, text: string, push: (code: string, message: string) => void): void {
  const comma = body.indexOf(',');
  const name = comma < 0 ? body : body.slice(0, comma);
  if (/\s/.test(name)) {
    push('UNSUPPORTED_SPACE_IN_VARIABLE', `The policy variable \${${body}} in ${json(text)} contains a space: remove it.`);
    return;
  }
  // "The symbol … is not supported within the policy variable text. Remove the symbol." (AWS's check
  // reference). A variable names a request value: a condition key (letters, digits, `:` `/` `-` `_` `.`)
  // or a tag key (also `+` `=` `@`, Tagging best practices); any other character cannot be part of one.
  const symbol = /[^\p{L}\p{N}:/_.\-+=@]/u.exec(name);
  if (symbol) {
    push(
      'UNSUPPORTED_SYMBOL_IN_VARIABLE',
      `The symbol ${json(symbol[0])} is not supported within the policy variable \${${body}} in ${json(text)}: remove it.`,
    );
    return;
  }
  if (comma >= 0) {
    const fallback = body.slice(comma + 1).trim();
    if (!/^'[^']*'$/.test(fallback))
      push('MISSING_QUOTE_IN_VARIABLE', `The default value of \${${body}} must be in single quotes, e.g. \${${name}, 'default'}.`);
  }
}
