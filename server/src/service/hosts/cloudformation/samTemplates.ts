/**
 * SAM policy templates: `S3ReadPolicy: {BucketName: …}` in a function's `Policies` stands for the
 * statements SAM writes into the function's role. The templates are AWS SAM's own list
 * (sam-policy-templates.json, with its source); SAM substitutes each `Ref` to a template
 * parameter with the value given and leaves everything else (`Fn::Sub` with pseudo parameters)
 * to CloudFormation. Here the definition becomes template nodes, with the user's parameter values
 * in place of those `Ref`s, and goes through the same value conversion as any policy in the
 * template: a `!Ref Bucket` resolves to the bucket's literal name when the template has it.
 * Every generated node is located at the template's key. An unknown template name, or a template
 * given without all its parameters, is reported as the error SAM gives (samTemplateRejection).
 */
import type { ExtractedPolicy, HostRange } from '../types';
import type { CfnEntry, CfnNode } from './parse';
import { sourceText, toHostValue, type TemplateContext } from './values';
import { plainValue } from '../view';
import data from './sam-policy-templates.json';
import { editDistance, suggestionBudget } from '../../../core/catalog/suggest';

interface SamTemplate {
  readonly Description: string;
  readonly Parameters: Readonly<Record<string, { readonly Description?: string }>>;
  readonly Definition: unknown;
}

const TEMPLATES = data.Templates as unknown as Readonly<Record<string, SamTemplate>>;

/**
 * Why SAM rejects a `Policies` entry that is a map of one key without `Statement`, or undefined
 * when it is a policy template with its parameters. SAM reads such an entry as a policy template
 * (samtranslator/model/function_policies.py): a name that is not in its list makes the entry
 * invalid, a template without all its parameters stops the transform.
 */
export function samTemplateRejection(
  template: CfnEntry,
  index: string,
): { readonly message: string; readonly range: HostRange; readonly code?: 'POLICY_NOT_ANALYZED' } | undefined {
  const known = samPolicyTemplate(template.key);
  if (!known) {
    const near = nearestTemplate(template.key);
    if (!near) {
      // Near none of the templates SAM listed when our copy was taken: it may be one SAM added
      // since, which SAM accepts. Said, not reported as SAM's error.
      return {
        range: template.keyRange,
        code: 'POLICY_NOT_ANALYZED',
        message:
          `${template.key} is not one of the policy templates of aws-sam-translator 1.110.0 (the list this version knows); ` +
          `if SAM has it, its statements are not checked here, and if not, SAM rejects the entry ("Policy at index ${index} in the 'Policies' property is not valid")`,
      };
    }
    return {
      range: template.keyRange,
      message:
        `"Policy at index ${index} in the 'Policies' property is not valid": ${template.key} is not one of SAM's policy templates ` +
        `(aws-sam-translator 1.110.0's list, in the AWS SAM Developer Guide's "AWS SAM policy templates"); did you mean ${near}?`,
    };
  }
  const entries = template.value.kind === 'map' ? template.value.entries : [];
  const missing = Object.keys(known.Parameters).filter((p) => !entries.some((e) => e.key === p));
  if (missing.length === 0) return undefined;
  // A parameter SAM does not know is most likely the missing one misspelt: shown there.
  const unknown = entries.find((e) => !(e.key in known.Parameters));
  return {
    range: unknown?.keyRange ?? template.keyRange,
    message:
      `"Following required parameters of template '${template.key}' don't have values: [${missing.map((m) => `'${m}'`).join(', ')}]"` +
      (unknown ? `; ${template.key} takes no parameter ${unknown.key}` : ''),
  };
}

/** The SAM policy template whose name is nearest to `name` (a typo), if one is near enough. */
function nearestTemplate(name: string): string | undefined {
  const lower = name.toLowerCase();
  const budget = suggestionBudget(lower.length);
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const known of Object.keys(TEMPLATES)) {
    const d = editDistance(lower, known.toLowerCase(), budget);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

/** The SAM policy template of that name, if SAM has one. */
export function samPolicyTemplate(name: string): SamTemplate | undefined {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name) ? TEMPLATES[name] : undefined;
}

/** The policy a SAM policy template entry stands for; undefined when it is not a template. */
export function samTemplatePolicy(
  id: string,
  label: string,
  template: CfnEntry,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
): ExtractedPolicy | undefined {
  const known = samPolicyTemplate(template.key);
  if (!known && !/Policy(_v\d+)?$/.test(template.key)) return undefined;
  const base = { policyType: 'identity' as const, label: `${id}.Properties.${label}.${template.key}`, range: template.keyRange, syntax };
  const given = template.value.kind === 'map' ? new Map(template.value.entries.map((e) => [e.key, e.value])) : new Map<string, CfnNode>();
  const missing = known ? Object.keys(known.Parameters).filter((p) => !given.has(p)) : [];
  if (!known || missing.length > 0 || (template.value.kind !== 'map' && Object.keys(known.Parameters).length > 0)) {
    const what = known
      ? `SAM policy template ${template.key} without ${missing.join(', ')} (SAM rejects it)`
      : `SAM policy template ${template.key}, which SAM does not have`;
    return {
      ...base,
      value: { kind: 'symbolic', range: template.value.range, parts: [{ expr: what, kind: 'unknown', range: template.keyRange }] },
    };
  }
  const params = new Map([...given].filter(([name]) => name in known.Parameters));
  const node = templateNode(known.Definition, template.keyRange, params);
  const value = toHostValue(node, ctx, { partial: false });
  if (!value) return undefined;
  const values = [...params].map(([name, v]) => `${name} = ${written(v, ctx)}`);
  const plain = new Map<string, CfnNode>(
    [...params.keys()].map((name) => [name, { kind: 'scalar', range: template.keyRange, style: 'plain', value: '*' }]),
  );
  const baselineValue = toHostValue(templateNode(known.Definition, template.keyRange, plain), ctx, { partial: false });
  return {
    ...base,
    value,
    generated: template.key,
    ...(baselineValue ? { baseline: [plainValue(baselineValue, 0), plainValue(baselineValue, 1)] as const } : {}),
    assumptions: [
      `The statements SAM writes for ${template.key} (${known.Description})${values.length > 0 ? ` with ${values.join(', ')}` : ''}.`,
    ],
  };
}

/**
 * A template node for a JSON value of the definition; a `Ref` to a template parameter becomes the
 * user's value node. An intrinsic function built from a parameter (`Fn::Sub` with `${bucketName}`)
 * sits at that parameter's value, so what is found about it is shown there; everything else SAM
 * wrote sits at the template's key.
 */
function templateNode(v: unknown, range: HostRange, params: ReadonlyMap<string, CfnNode>): CfnNode {
  if (Array.isArray(v)) return { kind: 'seq', range, flow: false, items: v.map((x) => templateNode(x, range, params)) };
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v);
    const [only] = entries;
    if (entries.length === 1 && only && only[0] === 'Ref' && typeof only[1] === 'string') {
      const given = params.get(only[1]);
      if (given) return given;
    }
    const at = entries.length === 1 && only && only[0].startsWith('Fn::') ? (firstParameter(only[1], params)?.range ?? range) : range;
    return {
      kind: 'map',
      range: at,
      flow: false,
      entries: entries.map(([key, x]) => ({ key, keyRange: at, value: templateNode(x, at, params) })),
    };
  }
  return { kind: 'scalar', range, style: 'plain', value: v as string | number | boolean | null };
}

/** The value node of the first template parameter a definition value refers to. */
function firstParameter(v: unknown, params: ReadonlyMap<string, CfnNode>): CfnNode | undefined {
  if (Array.isArray(v)) {
    for (const x of v) {
      const found = firstParameter(x, params);
      if (found) return found;
    }
    return undefined;
  }
  if (v === null || typeof v !== 'object') return undefined;
  const ref = (v as Record<string, unknown>).Ref;
  if (typeof ref === 'string' && params.has(ref)) return params.get(ref);
  return firstParameter(Object.values(v), params);
}

/** A parameter value as written (a node's range starts after its short-form tag). */
function written(v: CfnNode, ctx: TemplateContext): string {
  if (v.kind === 'scalar' && !v.tag) return String(v.value);
  const text = sourceText(ctx, v);
  return v.tag && !text.startsWith(v.tag) ? `${v.tag} ${text}` : text;
}
