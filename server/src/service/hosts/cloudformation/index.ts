/**
 * The CloudFormation and SAM host: `.yaml`, `.yml`, `.json` and `.template` files that declare
 * `AWSTemplateFormatVersion`, a SAM `Transform`, or `Resources` with `AWS::` types.
 */
import type { HostKind } from '../registry';
import { extractTemplate } from './extract';
import { parseJsonTemplate } from './parse';
import { parseYamlIncremental } from './chunks';
import { MAX_TEMPLATE_BYTES, sizeOver, tooLargeProblem } from '../../limits';

const EXTENSIONS = ['.yaml', '.yml', '.json', '.template', '.cfn'];

/** The cheap content test: the markers CloudFormation itself requires or SAM adds. */
export function looksLikeTemplate(text: string): boolean {
  if (text.includes('AWSTemplateFormatVersion')) return true;
  if (text.includes('AWS::Serverless-2016-10-31')) return true;
  return text.includes('Resources') && text.includes('AWS::') && /["']?Type["']?\s*:\s*["']?AWS::/.test(text);
}

function isJsonText(fileName: string, text: string): boolean {
  if (fileName.toLowerCase().endsWith('.json')) return true;
  const first = text.trimStart()[0];
  return first === '{';
}

export const cloudFormationHost: HostKind = {
  id: 'cloudformation',
  matches: (fileName, text) => EXTENSIONS.some((e) => fileName.toLowerCase().endsWith(e)) && looksLikeTemplate(text),
  extract(text, fileName, uri) {
    // Larger than CloudFormation accepts: refused before any parse (service/limits.ts).
    const over = sizeOver(text, MAX_TEMPLATE_BYTES);
    if (over !== undefined) return { policies: [], problems: [tooLargeProblem('template', over)] };
    const json = isJsonText(fileName, text);
    // Two open templates are two documents: the caches are per document.
    const doc = uri ?? fileName;
    const parsed = json ? parseJsonTemplate(text) : parseYamlIncremental(text, doc);
    return extractTemplate(text, parsed, json ? 'json' : 'yaml', doc);
  },
};
