/**
 * Node glue for the workspace model: reads the model file and the files it references from disk
 * (or from open editor buffers), refusing paths that leave the workspace root, also through `..`
 * and symbolic links, and plugs in the AWS managed policy snapshot. Used by the CLI and the server.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { realRoot, safeReadFile } from './safeRead';
import { resolveModel, type HostFile, type Model, type ModelHost } from '../core/model';
import { awsManagedPolicy } from './managedPolicies';
import { parseJsonText } from '../core/json';
import { implicitImport, importTemplate, type TemplateFiles } from '../service/templateModel';
import { UNKNOWN_ACCOUNT } from '../core/model/modelFile';
import type { TopLevelBlock } from '../service/hosts/terraform';
import { terraformHost } from '../service/hosts/terraformHost';
import type { HostKind } from '../service/hosts/registry';
import { readdirSync } from 'node:fs';
import { isTerraformFileName } from '../service/hosts/terraformFiles';

/** The HCL parser's top-level blocks of a Terraform file (node/terraformModels.ts loads it). */
export type TerraformBlocks = (text: string) => readonly TopLevelBlock[];

/** Host kinds beyond CloudFormation that links into imported templates need: Terraform, when its parser is given. */
export function modelHostKinds(parseTerraform: TerraformBlocks | undefined): HostKind[] {
  return parseTerraform ? [terraformHost((text) => parseTerraform(text))] : [];
}

/** The `.tf` files directly in workspace-relative `dir` (sorted), or undefined when it is no folder inside `root`. */
function terraformFilesIn(root: string, dir: string): string[] | undefined {
  const abs = join(root, dir);
  if (!isInsideRoot(root, abs)) return undefined;
  try {
    const entries = readdirSync(abs, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && isTerraformFileName(e.name))
      .map((e) => (dir === '' ? e.name : `${dir}/${e.name}`))
      .sort();
  } catch {
    return undefined;
  }
}

function isInsideRoot(root: string, abs: string): boolean {
  try {
    const real = realpathSync(abs);
    const rel = relative(root, real);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  } catch {
    return false;
  }
}

/**
 * Options: the workspace root, open-document overrides (workspace-relative path → text), and the
 * HCL parser for Terraform imports (without it, a Terraform import is reported as not readable here).
 */
export interface FileHostOptions {
  readonly root: string;
  readonly overrides?: ReadonlyMap<string, string>;
  readonly parseTerraform?: TerraformBlocks;
}

/** What the template importer reads below `root`. */
function templateFiles(root: string, readFile: ModelHost['readFile'], parseTerraform: TerraformBlocks | undefined): TemplateFiles {
  return { readFile, terraformFiles: (dir) => terraformFilesIn(root, dir), ...(parseTerraform ? { parseTerraform } : {}) };
}

/**
 * The template or Terraform configuration at workspace-relative `path` as a model of its own (Simulate
 * Access with no model file): one account — a parameter's or variable's 12-digit default whose name
 * mentions the account, else ${UNKNOWN_ACCOUNT} named `${AWS::AccountId}` — importing it. Undefined when
 * the file is no template (or the Terraform parser is not loaded).
 */
export function implicitTemplateModel(options: FileHostOptions, path: string): Model | undefined {
  const host = fileHost(options);
  const root = realRoot(options.root);
  const found = implicitImport(templateFiles(root, host.readFile, options.parseTerraform), path);
  if (!found) return undefined;
  const spec = {
    ...(found.region ? { defaultRegion: found.region } : {}),
    accounts: [
      {
        id: found.account ?? UNKNOWN_ACCOUNT,
        ...(found.account ? {} : { name: '${AWS::AccountId}' }),
        import: { template: found.ref },
      },
    ],
  };
  return resolveModel(spec, path, host);
}

/** A host reading files below `root`. Paths are workspace-relative and already normalized by the core. */
export function fileHost(options: FileHostOptions): ModelHost {
  const root = realRoot(options.root);
  const readFile = (path: string): HostFile => {
    const open = options.overrides?.get(path);
    if (open !== undefined) return { ok: true, text: open };
    return readInside(root, path);
  };
  return {
    readFile,
    awsManagedPolicy,
    importTemplate: (path, importOptions) => importTemplate(templateFiles(root, readFile, options.parseTerraform), path, importOptions),
  };
}

/**
 * Reads `path` (relative to `root`) if its real location stays inside `root` and it is a regular
 * file of at most 16 MB (node/safeRead.ts: a FIFO or a device is refused, never waited on).
 */
export function readInside(root: string, path: string): HostFile {
  const read = safeReadFile(join(root, path), { roots: [root] });
  if (read.ok) return { ok: true, text: read.text };
  if (read.reason === 'missing' || read.reason === 'outside') return { ok: false, reason: read.reason };
  return { ok: false, reason: 'unreadable', message: read.message };
}

export { isInside } from './safeRead';

/** A workspace-relative, `/`-separated path for `file`, or undefined when it is outside `root`. */
export function workspaceRelative(root: string, file: string): string | undefined {
  const rel = relative(realRoot(root), safeReal(resolve(file)));
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

function safeReal(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** The outcome of loading a model file from disk. */
export type LoadedModel = { readonly ok: true; readonly model: Model } | { readonly ok: false; readonly message: string };

/**
 * Loads the model at `file` (a model file or account-details JSON). `root` is the workspace root
 * the model's references must stay inside (default: the model file's directory); Terraform imports
 * are read when `parseTerraform` is given.
 */
export function loadModelFile(file: string, root?: string, parseTerraform?: TerraformBlocks): LoadedModel {
  const abs = resolve(file);
  const workspace = root ?? join(abs, '..');
  const rel = workspaceRelative(workspace, abs);
  if (rel === undefined) return { ok: false, message: `${file} is outside the workspace root ${workspace}.` };
  const host = fileHost({ root: workspace, ...(parseTerraform ? { parseTerraform } : {}) });
  const read = host.readFile(rel);
  if (!read.ok) return { ok: false, message: `Cannot read ${file} (${read.reason}).` };
  const parsed = parseJsonText(read.text);
  if (!parsed.ok) return { ok: false, message: `${file} is ${parsed.message}.` };
  return { ok: true, model: resolveModel(parsed.value, rel, host) };
}
