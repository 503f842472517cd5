/**
 * Terraform in the server and the CLI: where the parser's WebAssembly files are, the Terraform
 * host over the loaded parser, and the policy types that `.tf` files give the JSON files they read
 * with `file()`/`templatefile()` (`assume_role_policy = file("trust.json")` makes trust.json a role
 * trust policy).
 *
 * The parser loads asynchronously (WebAssembly); the server registers the host at once and it
 * answers "nothing found" until the parser is there, then the server re-validates the open `.tf`
 * documents ({@link TerraformSupport.ready}).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { PolicyType } from '../core/policyType';
import type { HostKind } from '../service/hosts/registry';
import type { HostExtraction } from '../service/hosts/types';
import type { PolicyFileReference, TerraformExtraction } from '../service/hosts/terraform';
import { terraformHost } from '../service/hosts/terraformHost';
import { incrementalParser, loadTerraformParser, wasmFilesIn, type TerraformWasmFiles } from './terraformParser';

/**
 * The parser's files: next to the bundle (dist/, where the build copies them), else from the
 * installed packages (running from source: tests, tsx).
 */
export function terraformWasmFiles(dir: string = __dirname): TerraformWasmFiles {
  const shipped = wasmFilesIn(dir);
  if (existsSync(shipped.runtime) && existsSync(shipped.grammar)) return shipped;
  // Names in variables: the bundler leaves these look-ups alone (they only run from source).
  const [runtime, grammar] = SOURCE_PACKAGES;
  return {
    runtime: join(dirname(require.resolve(runtime)), 'web-tree-sitter.wasm'),
    grammar: join(dirname(require.resolve(grammar)), 'tree-sitter-terraform.wasm'),
  };
}

const SOURCE_PACKAGES: readonly [string, string] = ['web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl/package.json'];

/** What a `.tf` file says about a JSON policy file it reads. */
interface FileUse {
  readonly policyType: PolicyType;
  /** The `.tf` document that says so. */
  readonly from: string;
}

/** The Terraform host for a language service, and what `.tf` files say about the files they read. */
export class TerraformSupport {
  /** The host to pass in LanguageServiceOptions.hosts. */
  readonly host: HostKind;
  /** Resolves when the parser is loaded (true) or failed to load (false; `failure` says why). */
  readonly ready: Promise<boolean>;
  failure: string | undefined;
  private extract: ((text: string, key: string, siblings: ReadonlyArray<{ text: string; key: string }>) => TerraformExtraction) | undefined;
  /** The last text of every `.tf` document seen, by URI: the other files of a module. */
  private readonly texts = new Map<string, string>();
  /** Referenced file URI → its use, per `.tf` document (the last parse of each). */
  private readonly uses = new Map<string, Map<string, FileUse>>();

  /**
   * `roots`: the workspace folders (URIs or paths); a referenced file outside them is never typed
   * (nor read). Empty: references are not followed.
   */
  constructor(
    files: TerraformWasmFiles = terraformWasmFiles(),
    private roots: () => readonly string[] = () => [],
  ) {
    this.ready = loadTerraformParser(files).then(
      (parser) => {
        const host = terraformHost(incrementalParser(parser));
        this.extract = (text, key, siblings) => host.extract(text, key, key, siblings);
        return true;
      },
      (err: unknown) => {
        this.failure = err instanceof Error ? err.message : String(err);
        return false;
      },
    );
    this.host = {
      id: 'terraform',
      matches: (fileName) => fileName.toLowerCase().endsWith('.tf'),
      extract: (text, fileName, uri) => this.extractDocument(text, uri ?? fileName),
    };
  }

  /** True once the parser is loaded or failed to load. */
  get settled(): boolean {
    return this.extract !== undefined || this.failure !== undefined;
  }

  /** The policy type a `.tf` file gives the JSON file at `uri` (through `file("…")`), if any. */
  policyTypeOf(uri: string): PolicyType | undefined {
    for (const uses of this.uses.values()) {
      const use = uses.get(uri);
      if (use) return use.policyType;
    }
    return undefined;
  }

  /** The files the last parse of the `.tf` document `tfUri` gives a type. */
  referencedBy(tfUri: string): string[] {
    return [...(this.uses.get(tfUri)?.keys() ?? [])];
  }

  /** Forgets what a closed `.tf` document said (its references no longer type anything). */
  forget(tfUri: string): string[] {
    const old = this.referencedBy(tfUri);
    this.uses.delete(tfUri);
    this.texts.delete(tfUri);
    return old;
  }

  /** The other `.tf` documents seen in the same folder (the same Terraform module). */
  private siblingsOf(uri: string): Array<{ text: string; key: string }> {
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    const out: Array<{ text: string; key: string }> = [];
    for (const [key, text] of this.texts) {
      if (key !== uri && key.startsWith(folder) && !key.slice(folder.length).includes('/')) out.push({ text, key });
    }
    return out;
  }

  private extractDocument(text: string, uri: string): HostExtraction {
    if (!this.extract) {
      const message = this.failure
        ? `The Terraform parser could not be loaded (${this.failure}): the policies in this file are not checked.`
        : undefined;
      return { policies: [], problems: message ? [{ range: { start: 0, end: 0 }, message }] : [] };
    }
    this.texts.set(uri, text);
    const extraction = this.extract(text, uri, this.siblingsOf(uri));
    this.remember(uri, extraction.fileReferences);
    return extraction;
  }

  private remember(tfUri: string, references: readonly PolicyFileReference[]): void {
    const uses = new Map<string, FileUse>();
    for (const r of references) {
      if (!r.policyType) continue;
      const target = this.resolveInWorkspace(tfUri, r.path);
      if (target && !uses.has(target)) uses.set(target, { policyType: r.policyType, from: tfUri });
    }
    if (uses.size) this.uses.set(tfUri, uses);
    else this.uses.delete(tfUri);
  }

  /** The URI of `path` relative to the `.tf` file's folder, when it lies inside a workspace folder. */
  private resolveInWorkspace(tfUri: string, path: string): string | undefined {
    let base: URI;
    try {
      base = URI.parse(tfUri);
    } catch {
      return undefined;
    }
    if (base.scheme !== 'file' || path === '' || path.includes('\0')) return undefined;
    const target = Utils.resolvePath(Utils.dirname(base), path);
    const roots = this.roots().map((r) => (r.includes('://') ? URI.parse(r) : URI.file(r)).path.replace(/\/?$/, '/'));
    return roots.some((root) => target.path.startsWith(root)) ? target.toString() : undefined;
  }
}
