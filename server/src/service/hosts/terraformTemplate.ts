/**
 * Files a Terraform configuration reads as a policy: `file("policies/trust.json")` (the text as
 * it is) and `templatefile("policy.json.tpl", { bucket = … })` (a Terraform template: its `${…}`
 * are values known at deployment, `$${` a literal `${`). The file is a host document of one policy,
 * typed by the argument that reads it (`aws_iam_role.assume_role_policy` → trust). Which files are
 * read, and how, is the node glue's to say ({@link TemplateUse}); the extraction is pure.
 */
import type { PolicyType } from '../../core/policyType';
import type { HostKind } from './registry';
import type { ExtractedPolicy, HostExtraction, HostProblem, HostValue } from './types';
import type { HclNode } from './hclTree';
import { heredocJson, jsonFileValue, withConditional } from './heredocJson';
import { shiftValue } from './moved';
import type { TerraformBlocksParser } from './terraformHost';

/** How a `.tf` file reads the file: the argument's policy type and whether it is a template. */
export interface TemplateUse {
  readonly policyType?: PolicyType;
  readonly resourceService?: string;
  /** `templatefile()`: `${…}` are template interpolations. */
  readonly template: boolean;
  /** The consuming argument and the `.tf` file: `aws_iam_role.app.assume_role_policy (main.tf)`. */
  readonly label: string;
}

/** The heredoc marker the template is wrapped in to be parsed as a Terraform template. */
const MARKER = '__IAM_POLICY_STUDIO_TEMPLATE__';
const PREFIX = `locals {\n  template = <<${MARKER}\n`;
const SUFFIX = `\n${MARKER}\n}\n`;

/**
 * The host kind for the files `.tf` files read: it matches a document only when `useOf` knows its
 * URI (a `.tf` file in the workspace reads it), whatever its name.
 */
export function terraformTemplateHost(
  parse: () => TerraformBlocksParser | undefined,
  useOf: (uri: string) => TemplateUse | undefined,
): HostKind {
  return {
    id: 'terraform-template',
    matches: (_fileName, _text, uri) => uri !== undefined && useOf(uri) !== undefined,
    extract: (text, fileName, uri) => {
      const use = uri === undefined ? undefined : useOf(uri);
      if (!use) return { policies: [], problems: [] };
      return templateExtraction(text, use, parse(), uri ?? fileName);
    },
  };
}

/** The policy of a file read by `file()` or `templatefile()`. */
export function templateExtraction(text: string, use: TemplateUse, parse: TerraformBlocksParser | undefined, key: string): HostExtraction {
  let parsed: TemplateJson | undefined = use.template ? (parse ? templateJson(text, parse, key) : undefined) : jsonFileValue(text);
  // A template not readable as JSON even with its `%{ if }` parts taken as written (see
  // heredocJson) renders to JSON only at deployment: one value known then, reported as not analysed.
  if (!parsed && use.template) {
    const range = { start: 0, end: text.length };
    parsed = { value: { kind: 'symbolic', range, parts: [{ expr: 'the rendered template', kind: 'unknown', range }] }, problems: [] };
  }
  if (!parsed) return { policies: [], problems: [] };
  const policy: ExtractedPolicy = {
    value: parsed.value,
    syntax: 'json',
    ...(use.template ? { terraform: 'heredoc' as const } : {}),
    label: use.label,
    range: { start: 0, end: Math.min(text.length, firstLineEnd(text)) },
    ...(use.policyType ? { policyType: use.policyType } : {}),
    ...(use.resourceService ? { resourceService: use.resourceService } : {}),
    ...withConditional({}, parsed.conditional),
  };
  return { policies: [policy], problems: parsed.problems };
}

/** The JSON of a file, and whether `%{ if }`/`%{ for }` parts were taken as written. */
type TemplateJson = { value: HostValue; problems: HostProblem[]; conditional?: true };

/**
 * A Terraform template's JSON: the text is parsed as the body of a heredoc (the same template
 * grammar: `${…}`, `%{…}`, `$${`), so its interpolations are read by the HCL parser, not guessed.
 */
function templateJson(text: string, parse: TerraformBlocksParser, key: string): TemplateJson | undefined {
  const blocks = parse(PREFIX + text + SUFFIX, `${key}#template`);
  const block = blocks[0];
  if (!block || block.start !== 0 || block.hasError) return undefined;
  const heredoc = find(block.node, 'heredoc_template');
  if (!heredoc) return undefined;
  const json = heredocJson({ text: block.text, resolve: () => undefined }, heredoc);
  if (!json) return undefined;
  const by = -PREFIX.length;
  return {
    value: shiftValue(json.value, by),
    problems: json.problems.map((p) => ({ ...p, range: { start: p.range.start + by, end: p.range.end + by } })),
    ...(json.conditional ? { conditional: true as const } : {}),
  };
}

function find(node: HclNode, type: string): HclNode | undefined {
  if (node.type === type) return node;
  for (const child of node.children) {
    const found = find(child, type);
    if (found) return found;
  }
  return undefined;
}

function firstLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl;
}
