/**
 * Node glue for the workspace model: reads the model file and the files it references from disk
 * (or from open editor buffers), refusing paths that leave the workspace root, also through `..`
 * and symbolic links, and plugs in the AWS managed policy snapshot. Used by the CLI and the server.
 */
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { safeReadFile } from './safeRead';
import { resolveModel, type HostFile, type Model, type ModelHost } from '../core/model';
import { awsManagedPolicy } from './managedPolicies';
import { parseJsonText } from '../core/json';
import { importTemplate } from '../service/templateModel';

/** Options: the workspace root and open-document overrides (workspace-relative path → text). */
export interface FileHostOptions {
  readonly root: string;
  readonly overrides?: ReadonlyMap<string, string>;
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
    importTemplate: (path, importOptions) => importTemplate({ readFile }, path, importOptions),
  };
}

function realRoot(root: string): string {
  try {
    return realpathSync(resolve(root));
  } catch {
    return resolve(root);
  }
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
 * the model's references must stay inside (default: the model file's directory).
 */
export function loadModelFile(file: string, root?: string): LoadedModel {
  const abs = resolve(file);
  const workspace = root ?? join(abs, '..');
  const rel = workspaceRelative(workspace, abs);
  if (rel === undefined) return { ok: false, message: `${file} is outside the workspace root ${workspace}.` };
  const host = fileHost({ root: workspace });
  const read = host.readFile(rel);
  if (!read.ok) return { ok: false, message: `Cannot read ${file} (${read.reason}).` };
  const parsed = parseJsonText(read.text);
  if (!parsed.ok) return { ok: false, message: `${file} is ${parsed.message}.` };
  return { ok: true, model: resolveModel(parsed.value, rel, host) };
}
