/**
 * Template imports of the workspace model (`"imports": ["infra/app.yaml", "infra/terraform/"]`):
 * a CloudFormation/SAM template or a Terraform configuration becomes model entities of one
 * account. Pure: the caller reads files (inside the workspace only) and passes a reader.
 */
import type { HostFile, HostTemplate } from '../../core/model/host';
import type { TemplateImportOptions } from '../../core/model/spec';
import { looksLikeTemplate } from '../hosts/cloudformation';
import { cloudFormationEntities } from './cloudformation';
import { extractTerraform, type TopLevelBlock } from '../hosts/terraform';
import { terraformEntities } from './terraform';

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
  const inFolder = path.toLowerCase().endsWith('.tf') ? undefined : files.terraformFiles?.(path);
  if (inFolder !== undefined || path.toLowerCase().endsWith('.tf')) {
    const parse = files.parseTerraform;
    if (!parse) return { ok: false, reason: 'unsupported', message: 'the Terraform parser is not loaded here' };
    const paths = inFolder ?? [path];
    if (paths.length === 0) return { ok: false, reason: 'not-template', message: 'the folder has no .tf files' };
    const parsed: { path: string; blocks: readonly TopLevelBlock[]; problems: string[] }[] = [];
    for (const p of paths) {
      const read = files.readFile(p);
      if (!read.ok) return { ok: false, reason: read.reason, message: `${p}${read.message ? `: ${read.message}` : ''}` };
      const blocks = parse(read.text, `model:${p}`);
      const problems = extractTerraform(blocks).problems.map((x) => `${p}:${lineOf(read.text, x.range.start)}: ${x.message}`);
      parsed.push({ path: p, blocks, problems });
    }
    return { ok: true, spec: terraformEntities(parsed, options) };
  }
  const read = files.readFile(path);
  if (!read.ok) return { ok: false, reason: read.reason, ...(read.message ? { message: read.message } : {}) };
  if (!looksLikeTemplate(read.text))
    return {
      ok: false,
      reason: 'not-template',
      message: 'it declares neither AWSTemplateFormatVersion, the SAM transform nor Resources with AWS:: types',
    };
  return { ok: true, spec: cloudFormationEntities(read.text, path, options) };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
