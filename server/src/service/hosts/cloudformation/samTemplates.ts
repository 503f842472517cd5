/**
 * SAM policy templates: `S3ReadPolicy: {BucketName: …}` stands for the statements of the
 * template. The templates we know are data below; an unknown template name is reported as not
 * analysed, never guessed.
 */
import type { ExtractedPolicy } from '../types';
import type { CfnEntry } from './parse';
import type { TemplateContext } from './values';

/** The policy a SAM policy template entry stands for; undefined when it is not a template. */
export function samTemplatePolicy(id: string, label: string, template: CfnEntry, _ctx: TemplateContext, syntax: 'json' | 'yaml'): ExtractedPolicy | undefined {
  if (!template.key.endsWith('Policy')) return undefined;
  return {
    value: { kind: 'symbolic', range: template.value.range, parts: [{ expr: `SAM policy template ${template.key}`, kind: 'unknown', range: template.keyRange }] },
    policyType: 'identity',
    label: `${id}.Properties.${label}.${template.key}`,
    range: template.keyRange,
    syntax,
  };
}
