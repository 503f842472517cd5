/**
 * SAM `Policies` of `AWS::Serverless::Function` and `AWS::Serverless::StateMachine` (SAM
 * specification, "AWS::Serverless::Function Policies"): a managed policy name or ARN, an inline
 * policy document, a SAM policy template (`S3ReadPolicy: {BucketName: …}`), or a list of these.
 * Inline documents are identity policies of the function's generated role.
 */
import type { ExtractedPolicy } from '../types';
import { type CfnEntry, type CfnNode } from './parse';
import { documentsAt, eachItem } from './extract';
import { intrinsicOf, type TemplateContext } from './values';
import { samTemplatePolicy } from './samTemplates';

/** The policies written in a SAM resource's `Policies`. */
export function samPolicies(
  id: string,
  props: Extract<CfnNode, { kind: 'map' }>,
  ctx: TemplateContext,
  syntax: 'json' | 'yaml',
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
    if (item.entries.length === 1 && template) {
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
