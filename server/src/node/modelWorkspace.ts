/**
 * The workspace's models for the language server: finds `*.iam-model.json` / `iam-model.json`
 * files in the workspace folders, resolves each (open editor text wins over the disk), caches the
 * result until a document changes, and answers "what is this policy file used as?" and "which
 * accounts and principals exist?" for the language service.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { documentTypeOfKind, isModelFileName, policyUses, resolveModel, type Model } from '../core/model';
import type { PolicyType } from '../core/policyType';
import type { WorkspaceAccount } from '../service';
import {
  fileHost,
  implicitTemplateModel,
  modelHostKinds,
  workspaceRelative,
  type FileHostOptions,
  type TerraformBlocks,
} from './modelFiles';
import type { HostKind } from '../service/hosts/registry';
import { parseJsonText } from '../core/json';

/** A resolved model with where it lives. */
export interface WorkspaceModelEntry {
  readonly uri: string;
  /** The workspace folder the model's references must stay inside. */
  readonly root: string;
  readonly model: Model;
  /** A template (or Terraform file) simulated on its own, without a model file: `uri` is the template's. */
  readonly implicit?: true;
}

const SKIP = new Set(['node_modules', '.git', 'dist', 'out', '.e2e', '.vscode-test', 'coverage']);
const MAX_ENTRIES = 20_000;

/** Finds model files below `root` (skipping dependency and build folders), sorted. */
export function findModelFiles(root: string, maxDepth = 8): string[] {
  return findFiles(root, isModelFileName, maxDepth);
}

/**
 * Files below `root` whose name passes `accept`, skipping dependency, build and hidden folders,
 * sorted; at most `limit` of them, and the walk stops after 20,000 directory entries.
 */
export function findFiles(root: string, accept: (name: string) => boolean, maxDepth = 8, limit = Infinity): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    if (depth > maxDepth || seen > MAX_ENTRIES || out.length >= limit) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      seen++;
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1);
      else if (e.isFile() && accept(e.name) && out.length < limit) out.push(join(dir, e.name));
    }
  };
  walk(root, 0);
  return out.sort();
}

/** The models of the workspace, re-resolved lazily after changes. */
export class ModelWorkspace {
  private roots: string[] = [];
  private files: string[] | undefined;
  private entries: WorkspaceModelEntry[] | undefined;
  private uses: Map<string, PolicyType> | undefined;
  /** Implicit models by template URI (null: the file is no template). */
  private implicitEntries = new Map<string, WorkspaceModelEntry | null>();
  private loading: Promise<unknown> = Promise.resolve();
  private terraform: { readonly parse: TerraformBlocks; readonly kinds: readonly HostKind[] } | undefined;

  /** `openText(uri)` returns an open document's text, so unsaved edits are simulated. */
  constructor(
    private readonly openText: (uri: string) => string | undefined,
    private readonly openUris: () => readonly string[],
  ) {}

  /** The folders files may be read from: the workspace folders, and the folder of each model outside them. */
  readableRoots(): readonly string[] {
    const roots = new Set(this.roots);
    for (const m of this.entries ?? []) roots.add(m.root);
    return [...roots];
  }

  /**
   * Settles once what models may need has loaded (the HCL parser for Terraform imports, loaded
   * asynchronously): model requests wait for it, so no answer shows a Terraform import as
   * unreadable only because the parser was still loading.
   */
  get ready(): Promise<unknown> {
    return this.loading;
  }

  /** Makes {@link ready} wait for `loading` too (its failure included). */
  waitFor(loading: Promise<unknown>): void {
    const before = this.loading;
    this.loading = Promise.all([before, loading.catch(() => undefined)]);
  }

  /** Reads Terraform imports from now on with `parse` (the HCL parser, loaded asynchronously). */
  useTerraformParser(parse: TerraformBlocks): void {
    this.terraform = { parse, kinds: modelHostKinds(parse) };
    this.invalidate();
  }

  /** The HCL parser the models read Terraform imports with, once given. */
  get parseTerraform(): TerraformBlocks | undefined {
    return this.terraform?.parse;
  }

  /** Host kinds beyond CloudFormation that links into the models' imported files need (Terraform, once its parser is given). */
  hostKinds(): readonly HostKind[] {
    return this.terraform?.kinds ?? [];
  }

  /** Sets the workspace folders (file system paths). */
  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
    this.rescan();
  }

  /** Forgets the model file list too (a model file was created or deleted). */
  rescan(): void {
    this.files = undefined;
    this.invalidate();
  }

  /** Forgets resolved models (call when any document or file changes). */
  invalidate(): void {
    this.entries = undefined;
    this.uses = undefined;
    this.implicitEntries.clear();
  }

  /**
   * A document changed: forgets the models when it is a model file or a file a model read
   * (policies, imports), and says whether it did.
   */
  touch(uri: string): boolean {
    // A template's own model is made again when asked for next (it may have become a template).
    this.implicitEntries.delete(uri);
    if (!this.entries && this.implicitEntries.size === 0) return false;
    const path = uri.startsWith('file:') ? URI.parse(uri).fsPath : undefined;
    if (path !== undefined && isModelFileName(path) && !this.files?.includes(path)) this.files = undefined;
    const affected =
      isModelFileName(uri) ||
      (path !== undefined &&
        [...(this.entries ?? []), ...[...this.implicitEntries.values()].flatMap((e) => e ?? [])].some((m) => {
          const rel = workspaceRelative(m.root, path);
          return rel !== undefined && m.model.files.includes(rel);
        }));
    if (affected) this.invalidate();
    return affected;
  }

  /** Whether there is any model file (in the workspace folders or open), without resolving one. */
  hasModelFiles(): boolean {
    return this.modelFiles().size > 0;
  }

  /** Every model, resolved. */
  models(): readonly WorkspaceModelEntry[] {
    if (this.entries) return this.entries;
    const files = this.modelFiles();
    // Each model on its own: one that cannot be resolved is reported on its file, the others load.
    this.entries = [...files].sort().flatMap((f) => {
      try {
        return this.resolve(f);
      } catch (err) {
        return this.failed(f, err);
      }
    });
    return this.entries;
  }

  /** The model files of the workspace folders (found once) and the open ones. */
  private modelFiles(): Set<string> {
    this.files ??= this.roots.flatMap((root) => findModelFiles(root));
    const files = new Set<string>(this.files);
    for (const uri of this.openUris()) if (isModelFileName(uri) && uri.startsWith('file:')) files.add(URI.parse(uri).fsPath);
    return files;
  }

  /**
   * The model with this URI, or the first one. The URI of a CloudFormation/SAM template or a
   * Terraform file that is no model file names the template's implicit model ({@link implicit}).
   */
  pick(modelUri?: string): WorkspaceModelEntry | undefined {
    const all = this.models();
    if (!modelUri) return all[0];
    return all.find((m) => m.uri === modelUri || URI.parse(m.uri).fsPath === URI.parse(modelUri).fsPath) ?? this.implicit(modelUri);
  }

  /**
   * The template at `uri` simulated on its own (no model file needed): a model with one account
   * importing it (modelFiles.ts implicitTemplateModel). Undefined for a file that is no
   * template, a model file, or a file outside the workspace folders. Never published as diagnostics.
   */
  implicit(uri: string): WorkspaceModelEntry | undefined {
    if (!uri.startsWith('file:') || isModelFileName(uri)) return undefined;
    const cached = this.implicitEntries.get(uri);
    if (cached !== undefined) return cached ?? undefined;
    const file = URI.parse(uri).fsPath;
    const root = this.roots.find((r) => workspaceRelative(r, file) !== undefined);
    const rel = root !== undefined ? workspaceRelative(root, file) : undefined;
    let made: WorkspaceModelEntry | null = null;
    if (root !== undefined && rel !== undefined) {
      const model = implicitTemplateModel(this.hostOptions(root), rel);
      if (model) made = { uri, root, model, implicit: true };
    }
    this.implicitEntries.set(uri, made);
    return made ?? undefined;
  }

  /** Whether a model of the workspace imports the file at `uri` (then its model is the one to use). */
  imports(uri: string): boolean {
    if (!uri.startsWith('file:')) return false;
    const file = URI.parse(uri).fsPath;
    return this.models().some((m) => {
      const rel = workspaceRelative(m.root, file);
      return rel !== undefined && m.model.files.includes(rel);
    });
  }

  private resolve(file: string): WorkspaceModelEntry[] {
    const root = this.roots.find((r) => workspaceRelative(r, file) !== undefined) ?? join(file, '..');
    const rel = workspaceRelative(root, file);
    if (rel === undefined) return [];
    const host = fileHost(this.hostOptions(root));
    const read = host.readFile(rel);
    if (!read.ok) return [];
    // A model being typed (invalid JSON) or nested too deep: resolveModel reports it as invalid.
    const parsed = parseJsonText(read.text);
    const model = resolveModel(parsed.ok ? parsed.value : undefined, rel, host);
    if (parsed.ok) return [{ uri: URI.file(file).toString(), root, model }];
    const problem = {
      code: 'MODEL_INVALID',
      severity: 'error',
      file: rel,
      path: [],
      message: `The model file is ${parsed.message}.`,
    } as const;
    return [{ uri: URI.file(file).toString(), root, model: { ...model, problems: [problem] } }];
  }

  /** A model whose resolution failed: an empty model with one MODEL_INVALID problem on its file. */
  private failed(file: string, err: unknown): WorkspaceModelEntry[] {
    const root = this.roots.find((r) => workspaceRelative(r, file) !== undefined) ?? join(file, '..');
    const rel = workspaceRelative(root, file) ?? file;
    const empty = resolveModel({ accounts: {} }, rel, { readFile: () => ({ ok: false, reason: 'missing' }) });
    const reason = err instanceof Error ? err.name : typeof err;
    const problem = {
      code: 'MODEL_INVALID',
      severity: 'error',
      file: rel,
      path: [],
      message: `This model could not be loaded (internal error: ${reason}); the other models are not affected.`,
    } as const;
    return [{ uri: URI.file(file).toString(), root, model: { ...empty, problems: [problem] } }];
  }

  /** How files below `root` are read: open documents first, Terraform imports with the parser once given. */
  private hostOptions(root: string): FileHostOptions {
    const parse = this.terraform?.parse;
    return { root, overrides: this.overrides(root), ...(parse ? { parseTerraform: parse } : {}) };
  }

  /** Open documents below `root`, by workspace-relative path. */
  private overrides(root: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const uri of this.openUris()) {
      if (!uri.startsWith('file:')) continue;
      const rel = workspaceRelative(root, URI.parse(uri).fsPath);
      const text = rel !== undefined ? this.openText(uri) : undefined;
      if (rel !== undefined && text !== undefined) out.set(rel, text);
    }
    return out;
  }

  /** The URI of a workspace-relative file of a model. */
  fileUri(entry: WorkspaceModelEntry, file: string): string | undefined {
    return file.startsWith('aws-managed:') || file.startsWith('assumption:') || file === ''
      ? undefined
      : URI.file(join(entry.root, ...file.split('/'))).toString();
  }

  /** What the policy file at `uri` is used as in the models (first use wins), if it is used. */
  policyTypeOf(uri: string): PolicyType | undefined {
    if (!this.uses) {
      this.uses = new Map();
      for (const m of this.models()) {
        for (const [file, kinds] of policyUses(m.model)) {
          const u = this.fileUri(m, file);
          const kind = kinds[0];
          if (u && kind && !this.uses.has(u)) this.uses.set(u, documentTypeOfKind(kind));
        }
      }
    }
    return this.uses.get(uri);
  }

  /** Accounts and principals of every model, for completion in policies. */
  accounts(): WorkspaceAccount[] {
    const out = new Map<string, WorkspaceAccount>();
    for (const m of this.models()) {
      for (const a of m.model.accounts.values()) {
        const principals = [
          ...[...a.users.values()].map((u) => ({ arn: u.arn, kind: 'user', name: u.name })),
          ...[...a.roles.values()].map((r) => ({ arn: r.arn, kind: 'role', name: r.name })),
          ...[...a.groups.values()].map((g) => ({ arn: g.arn, kind: 'group', name: g.name })),
        ];
        const prev = out.get(a.id);
        out.set(a.id, { accountId: a.id, ...(a.name ? { name: a.name } : {}), principals: [...(prev?.principals ?? []), ...principals] });
      }
    }
    return [...out.values()];
  }
}

/** The workspace folder paths of an initialize request (workspaceFolders, else rootUri/rootPath). */
export function workspaceRoots(params: {
  workspaceFolders?: readonly { uri: string }[] | null;
  rootUri?: string | null;
  rootPath?: string | null;
}): string[] {
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = folders.filter((u) => u.startsWith('file:')).map((u) => URI.parse(u).fsPath);
  return roots.length > 0 ? roots : params.rootPath ? [params.rootPath] : [];
}
