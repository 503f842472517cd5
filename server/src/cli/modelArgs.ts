/**
 * Shared helpers of the `simulate` and `test` subcommands: `key=value` context pairs, and the
 * workspace root the model's file references must stay inside (default: the current directory
 * when the model is below it, else the model's directory).
 */
import { resolve } from 'node:path';
import { loadModelFile, workspaceRelative, type LoadedModel } from '../node/modelFiles';
import type { CliIo } from './main';

/** `key=value` pairs → a context; a key given several times becomes a multivalued key. */
export function parseContext(pairs: readonly string[]): { context: Record<string, string | string[]>; error?: string } {
  const context: Record<string, string | string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) return { context, error: `context '${p}' must be key=value` };
    const key = p.slice(0, eq);
    const value = p.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : [...(typeof prev === 'string' ? [prev] : prev), value];
  }
  return { context };
}

/** Loads a model, choosing the workspace root as described in the file comment; Terraform imports with the CLI's parser. */
export function loadModel(file: string, io: Pick<CliIo, 'cwd' | 'parseTerraform'>, root?: string): LoadedModel {
  return loadModelFile(resolve(io.cwd, file), modelRoot(file, io.cwd, root), io.parseTerraform);
}

/** The workspace root for a model file, as described in the file comment. */
export function modelRoot(file: string, cwd: string, root?: string): string {
  const abs = resolve(cwd, file);
  return root !== undefined ? resolve(cwd, root) : workspaceRelative(cwd, abs) !== undefined ? cwd : resolve(abs, '..');
}
