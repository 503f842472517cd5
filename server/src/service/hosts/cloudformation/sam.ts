/**
 * SAM `Policies` of `AWS::Serverless::Function` and `AWS::Serverless::StateMachine` (SAM
 * specification, "AWS::Serverless::Function Policies"): a managed policy name or ARN, an inline
 * policy document, a SAM policy template (`S3ReadPolicy: {BucketName: …}`), or a list of these.
 * Inline documents are identity policies of the function's generated role.
 */
import type { ExtractedPolicy, HostProblem } from '../types';
import { type CfnEntry, type CfnNode } from './parse';
import { documentsAt, eachItem } from './extract';
import { intrinsicOf, type TemplateContext } from './values';
import { samPolicyTemplate, samTemplatePolicy, samTemplateRejection } from './samTemplates';

/** The policies written in a SAM resource's `Policies`. */
export function samPolicies(
  id: string,
  props: Extract<CfnNode, { kind: 'map' }>,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
  problems?: HostProblem[],
): ExtractedPolicy[] {
  const policies = props.entries.find((e) => e.key === 'Policies');
  if (!policies) return [];
  const out: ExtractedPolicy[] = [];
  const visit = (item: CfnNode, label: string, holder: CfnEntry) => {
    if (item.kind !== 'map' || intrinsicOf(item)) return; // a managed policy name or ARN: not a document here
    if (item.entries.some((e) => e.key === 'Statement')) {
      out.push(...documentsAt({ ...holder, value: item }, `${id}.Properties.${label}`, 'identity', undefined, ctx, syntax));
      return;
    }
    const [template] = item.entries;
    const named = item.entries.find((e) => samPolicyTemplate(e.key));
    if (item.entries.length > 1 && named) {
      // `- DynamoDBCrudPolicy:` with `TableName:` at the same indentation: a map of two keys, which
      // SAM rejects ("Policy at index 0 in the 'Policies' property is not valid", aws-sam-translator
      // 1.110.0). The parameters belong under the template's name.
      const others = item.entries.filter((e) => e !== named).map((e) => e.key);
      problems?.push({
        range: named.keyRange,
        message:
          `SAM rejects ${id}.Properties.${label} ("Policy at index ${label.match(/\d+/)?.[0] ?? 0} in the 'Policies' property is not valid"): ` +
          `it is a map of ${item.entries.length} keys, not the policy template ${named.key} alone. ` +
          `Indent ${others.join(', ')} under ${named.key}.`,
      });
      return;
    }
    if (item.entries.length > 1) {
      // Neither a document (no Statement) nor a template (one key): SAM's type UNKNOWN, rejected.
      problems?.push({
        range: item.entries[0]!.keyRange,
        message:
          `SAM rejects ${id}.Properties.${label} ("Policy at index ${label.match(/\d+/)?.[0] ?? 0} in the 'Policies' property is not valid"): ` +
          `a map of ${item.entries.map((e) => e.key).join(', ')} is neither a policy document (it has no Statement) nor a policy template.`,
      });
      return;
    }
    if (item.entries.length === 1 && template) {
      const rejected = samTemplateRejection(template, label.match(/\d+/)?.[0] ?? '0');
      if (rejected) {
        problems?.push(
          rejected.code
            ? { range: rejected.range, code: rejected.code, message: `${id}.Properties.${label}: ${rejected.message}.` }
            : { range: rejected.range, message: `SAM rejects ${id}.Properties.${label} (${rejected.message}).` },
        );
        return;
      }
      const policy = samTemplatePolicy(id, label, template, ctx, syntax);
      if (policy) out.push(policy);
    }
  };
  if (policies.value.kind === 'seq') {
    eachItem(policies.value, (item, i) => visit(item, `Policies[${i}]`, { key: 'Policies', keyRange: item.range, value: item }));
  } else {
    visit(policies.value, 'Policies', policies);
  }
  return out;
}
