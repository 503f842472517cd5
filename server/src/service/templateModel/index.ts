/**
 * Template imports of the workspace model (`"imports": ["infra/app.yaml", "infra/terraform/"]`):
 * a CloudFormation/SAM template or a Terraform configuration becomes model entities of one
 * account. Pure: the caller reads files (inside the workspace only) and passes a reader.
 */
import type { HostFile, HostTemplate } from '../../core/model/host';
import type { TemplateImportOptions } from '../../core/model/spec';
import { looksLikeTemplate } from '../hosts/cloudformation';
import { entry, parseJsonTemplate, parseYamlTemplate, scalarString } from '../hosts/cloudformation/parse';
import { hclValue, type Source } from '../hosts/hclValues';
import { attributesOf, blockLabels, blockName } from '../hosts/terraformDocument';
import { cloudFormationEntities } from './cloudformation';
import { extractTerraform, type TopLevelBlock } from '../hosts/terraform';
import { isTerraformFileName } from '../hosts/terraformFiles';
import { terraformEntities, type TerraformFile } from './terraform';
import { MAX_TEMPLATE_BYTES, MAX_TERRAFORM_BYTES, sizeOver, tooLargeMessage } from '../limits';

/** What a template import may read: files, and the `.tf` files of a folder. */
export interface TemplateFiles {
  readFile(path: string): HostFile;
  /** Workspace-relative paths of the `.tf` files directly in `dir`, or undefined when it is no folder. */
  terraformFiles?(dir: string): readonly string[] | undefined;
  /** Parses a Terraform file into its top-level blocks (the node glue loads tree-sitter). */
  parseTerraform?(text: string, key: string): readonly TopLevelBlock[];
}

/** Reads the template or configuration at workspace-relative `path`. */
export function importTemplate(files: TemplateFiles, path: string, options: TemplateImportOptions): HostTemplate {
  const inFolder = isTerraformFileName(path) ? undefined : files.terraformFiles?.(path);
  if (inFolder !== undefined || isTerraformFileName(path)) {
    const parse = files.parseTerraform;
    if (!parse) return { ok: false, reason: 'unsupported', message: 'the Terraform parser is not loaded here' };
    const paths = inFolder ?? [path];
    if (paths.length === 0) return { ok: false, reason: 'not-template', message: 'the folder has no .tf files' };
    const parseFile = (p: string, text: string): TerraformFile => {
      const blocks = parse(text, `model:${p}`);
      const problems = extractTerraform(blocks).problems.map((x) => `${p}:${lineOf(text, x.range.start)}: ${x.message}`);
      return { path: p, blocks, problems };
    };
    const parsed: TerraformFile[] = [];
    for (const p of paths) {
      const read = files.readFile(p);
      if (!read.ok) return { ok: false, reason: read.reason, message: `${p}${read.message ? `: ${read.message}` : ''}` };
      const over = sizeOver(read.text, MAX_TERRAFORM_BYTES);
      if (over !== undefined) return { ok: false, reason: 'unreadable', message: `${p}: ${tooLargeMessage('terraform', over)}` };
      parsed.push(parseFile(p, read.text));
    }
    // Local modules (`source = "./mod"`): the .tf files of that folder, inside the workspace only.
    const loadModule = (dir: string): TerraformFile[] | undefined =>
      files.terraformFiles?.(dir)?.flatMap((p) => {
        const read = files.readFile(p);
        return read.ok && sizeOver(read.text, MAX_TERRAFORM_BYTES) === undefined ? [parseFile(p, read.text)] : [];
      });
    return { ok: true, spec: terraformEntities(parsed, options, loadModule) };
  }
  const read = files.readFile(path);
  if (!read.ok) return { ok: false, reason: read.reason, ...(read.message ? { message: read.message } : {}) };
  const over = sizeOver(read.text, MAX_TEMPLATE_BYTES);
  if (over !== undefined) return { ok: false, reason: 'unreadable', message: tooLargeMessage('template', over) };
  if (!looksLikeTemplate(read.text))
    return {
      ok: false,
      reason: 'not-template',
      message: 'it declares neither AWSTemplateFormatVersion, the SAM transform nor Resources with AWS:: types',
    };
  return { ok: true, spec: cloudFormationEntities(read.text, path, options) };
}

/** What a template says of itself when it is simulated without a model file (see {@link implicitImport}). */
export interface ImplicitImport {
  /** The import, relative to the template's folder: the file itself, or `./` for a Terraform configuration. */
  readonly ref: string;
  /** A 12-digit default of a parameter or variable whose name mentions the account (`AccountId`, `account_id`). */
  readonly account?: string;
  /** A region default of a parameter or variable whose name mentions the region. */
  readonly region?: string;
}

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;

/**
 * The open file at workspace-relative `path` as the only import of a model (Simulate Access with
 * no model file): a CloudFormation/SAM template on its own, or the Terraform configuration of the
 * `.tf` file's folder (locals and references across its files). Undefined when it is neither.
 */
export function implicitImport(files: TemplateFiles, path: string): ImplicitImport | undefined {
  const defaults = new Map<string, string>();
  let ref: string;
  if (isTerraformFileName(path)) {
    if (!files.parseTerraform) return undefined;
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    for (const p of files.terraformFiles?.(dir) ?? [path]) {
      const read = files.readFile(p);
      if (!read.ok || sizeOver(read.text, MAX_TERRAFORM_BYTES) !== undefined) continue;
      for (const b of files.parseTerraform(read.text, `model:${p}`)) {
        if (b.node.type !== 'block') continue;
        const src: Source = { text: b.text, resolve: () => undefined };
        if (blockName(src, b.node) !== 'variable') continue;
        const def = attributesOf(src, b.node).get('default');
        const v = def ? hclValue(src, def.value) : undefined;
        const [name] = blockLabels(src, b.node);
        if (name && v?.kind === 'string' && !defaults.has(name)) defaults.set(name, v.value);
      }
    }
    ref = './';
  } else {
    const read = files.readFile(path);
    if (!read.ok || sizeOver(read.text, MAX_TEMPLATE_BYTES) !== undefined || !looksLikeTemplate(read.text)) return undefined;
    const json = path.toLowerCase().endsWith('.json') || read.text.trimStart().startsWith('{');
    const root = (json ? parseJsonTemplate(read.text) : parseYamlTemplate(read.text)).root;
    const params = entry(root, 'Parameters');
    if (params?.kind === 'map')
      for (const e of params.entries) {
        const v = scalarString(entry(e.value, 'Default'));
        if (v !== undefined) defaults.set(e.key, v);
      }
    ref = path.slice(path.lastIndexOf('/') + 1);
  }
  const find = (name: RegExp, value: RegExp) => [...defaults].find(([k, v]) => name.test(k) && value.test(v))?.[1];
  const account = find(/account/i, /^\d{12}$/);
  const region = find(/region/i, REGION);
  return { ref, ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
