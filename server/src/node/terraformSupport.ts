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
import { existsSync, lstatSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { URI, Utils } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { makeDiagnostic } from '../service/validation';
import type { PolicyType } from '../core/policyType';
import type { HostKind } from '../service/hosts/registry';
import type { HostExtraction } from '../service/hosts/types';
import type { PolicyFileReference, TerraformExtraction } from '../service/hosts/terraform';
import { terraformHost, type TerraformBlocksParser } from '../service/hosts/terraformHost';
import { terraformTemplateHost, type TemplateUse } from '../service/hosts/terraformTemplate';
import { readReferencedFile, safeReadFile, type SafeRead } from './safeRead';
import { incrementalParser, loadTerraformParser, wasmFilesIn, type TerraformWasmFiles } from './terraformParser';
import { MAX_TERRAFORM_BYTES } from '../service/limits';
import { isTerraformFileName } from '../service/hosts/terraformFiles';

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

/** What a `.tf` file says about a policy file it reads (`file()`, `templatefile()`). */
interface FileUse extends TemplateUse {
  readonly policyType: PolicyType;
  /** The `.tf` document that says so. */
  readonly from: string;
  /** The path as it writes it (`${path.module}/` taken as its folder). */
  readonly path: string;
}

/** The Terraform host for a language service, and what `.tf` files say about the files they read. */
export class TerraformSupport {
  /** The host to pass in LanguageServiceOptions.hosts. */
  readonly host: HostKind;
  /**
   * The host of the files `.tf` files read as policies (`file()`, `templatefile()`): pass it after
   * {@link host}. It matches only files a `.tf` file seen reads, typed by the argument reading them.
   */
  readonly templateHost: HostKind;
  private blocks: TerraformBlocksParser | undefined;
  /** Resolves when the parser is loaded (true) or failed to load (false; `failure` says why). */
  readonly ready: Promise<boolean>;
  failure: string | undefined;
  private extract: ((text: string, key: string, siblings: ReadonlyArray<{ text: string; key: string }>) => TerraformExtraction) | undefined;
  /** The last text of every `.tf` document seen, by URI: the other files of a module. */
  private readonly texts = new Map<string, string>();
  /** Referenced file URI → its use, per `.tf` document (the last parse of each). */
  private readonly uses = new Map<string, Map<string, FileUse>>();
  /** The typed `file()`/`templatefile()` references of each `.tf` document, where they are written. */
  private readonly references = new Map<string, readonly PolicyFileReference[]>();
  /** Folder URI (no trailing slash) → the paths of the `.tf` files in it, as listed from disk. */
  private readonly listings = new Map<string, readonly string[]>();
  /** `.tf` file URI → its text on disk ('' when it could not be read). */
  private readonly disk = new Map<string, string>();

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
        this.blocks = incrementalParser(parser);
        return true;
      },
      (err: unknown) => {
        this.failure = err instanceof Error ? err.message : String(err);
        return false;
      },
    );
    this.host = {
      id: 'terraform',
      matches: (fileName) => isTerraformFileName(fileName),
      extract: (text, fileName, uri) => this.extractDocument(text, uri ?? fileName),
    };
    this.templateHost = terraformTemplateHost(
      () => this.blocks,
      (uri) => this.useOf(uri),
    );
  }

  /** How a `.tf` file seen reads the file at `uri` (the first that does), if one does. */
  useOf(uri: string): FileUse | undefined {
    for (const uses of this.uses.values()) {
      const use = uses.get(uri);
      if (use) return use;
    }
    return undefined;
  }

  /** Every file a `.tf` file seen reads as a policy. */
  referencedFiles(): string[] {
    return [...new Set([...this.uses.values()].flatMap((uses) => [...uses.keys()]))];
  }

  /**
   * The text of a file a `.tf` file reads, from disk, through the one reader of such files
   * (node/safeRead.ts `readReferencedFile`: a regular file inside a workspace folder, symbolic links
   * resolved, size-capped).
   */
  readReferenced(uri: string): SafeRead {
    const use = this.useOf(uri);
    if (!use) return { ok: false, reason: 'unreadable', message: 'no .tf file reads it' };
    return this.read(use.from, use.path);
  }

  private read(tfUri: string, path: string): SafeRead {
    let from: string;
    try {
      from = URI.parse(tfUri).fsPath;
    } catch {
      return { ok: false, reason: 'unreadable', message: 'it cannot be read' };
    }
    return readReferencedFile(
      from,
      path,
      this.roots().map((r) => (r.includes('://') ? URI.parse(r).fsPath : r)),
    );
  }

  /** True once the parser is loaded or failed to load. */
  get settled(): boolean {
    return this.extract !== undefined || this.failure !== undefined;
  }

  /** The policy type a `.tf` file gives the JSON file at `uri` (through `file("…")`), if any. */
  policyTypeOf(uri: string): PolicyType | undefined {
    return this.useOf(uri)?.policyType;
  }

  /** The files the last parse of the `.tf` document `tfUri` gives a type. */
  referencedBy(tfUri: string): string[] {
    return [...(this.uses.get(tfUri)?.keys() ?? [])];
  }

  /** Forgets what a closed `.tf` document said (its references no longer type anything). */
  forget(tfUri: string): string[] {
    const old = this.referencedBy(tfUri);
    this.uses.delete(tfUri);
    this.references.delete(tfUri);
    this.texts.delete(tfUri);
    // Closed, it is read from disk again (saved or not, the disk has the text that counts now).
    this.fileChanged(tfUri);
    return old;
  }

  /**
   * The other `.tf` files of the same folder (the same Terraform module): the open ones as the
   * editor has them, the closed ones as they are on disk ({@link closedSiblings}).
   */
  private siblingsOf(uri: string): Array<{ text: string; key: string }> {
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    const out: Array<{ text: string; key: string }> = [];
    for (const [key, text] of this.texts) {
      if (key !== uri && key.startsWith(folder) && !key.slice(folder.length).includes('/')) out.push({ text, key });
    }
    for (const file of this.closedSiblings(uri)) if (!this.texts.has(file.key)) out.push(file);
    return out;
  }

  /**
   * The `.tf` files on disk beside the `file:` document `uri`, when its folder lies inside a
   * workspace folder (symbolic links resolved first): regular files only (a symbolic link is not
   * followed), at most {@link MAX_SIBLINGS} of them, each at most {@link MAX_SIBLING_BYTES}.
   * Listings and texts are kept until a watched-file event says they changed ({@link fileChanged}).
   */
  private closedSiblings(uri: string): Array<{ text: string; key: string }> {
    let document: URI;
    try {
      document = URI.parse(uri);
    } catch {
      return [];
    }
    if (document.scheme !== 'file') return [];
    const folderUri = Utils.dirname(document).toString();
    let listing = this.listings.get(folderUri);
    if (!listing) {
      listing = listTerraformFiles(document.fsPath, this.roots());
      this.listings.set(folderUri, listing);
    }
    const self = document.toString();
    const out: Array<{ text: string; key: string }> = [];
    for (const path of listing) {
      const key = URI.file(path).toString();
      if (key === self || key === uri) continue;
      let text = this.disk.get(key);
      if (text === undefined) {
        text = readSmallFile(path) ?? '';
        this.disk.set(key, text);
      }
      if (text !== '') out.push({ text, key });
    }
    return out;
  }

  /**
   * A watched file changed on disk (created, changed, deleted): what was read of it, and the
   * listing of its folder, are read again when next needed. True when it is a `.tf` file.
   */
  fileChanged(uri: string): boolean {
    if (!isTerraformFileName(uri)) return false;
    let changed: URI;
    try {
      changed = URI.parse(uri);
    } catch {
      return false;
    }
    this.disk.delete(changed.toString());
    this.listings.delete(Utils.dirname(changed).toString());
    return true;
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
    const written: PolicyFileReference[] = [];
    for (const r of references) {
      if (!r.policyType) continue;
      const target = this.resolveInWorkspace(tfUri, r.path);
      written.push(r);
      if (target && !uses.has(target))
        uses.set(target, {
          policyType: r.policyType,
          ...(r.resourceService ? { resourceService: r.resourceService } : {}),
          template: r.template,
          label: `${r.label} (${basename(URI.parse(tfUri).path)})`,
          from: tfUri,
          path: r.path,
        });
    }
    if (uses.size) this.uses.set(tfUri, uses);
    else this.uses.delete(tfUri);
    if (written.length) this.references.set(tfUri, written);
    else this.references.delete(tfUri);
  }

  /**
   * Information at each `file()`/`templatefile()` reference of the `.tf` document whose file is not
   * read (outside the workspace, missing, not a regular file, too large): its policy is not analysed.
   */
  referenceDiagnostics(document: TextDocument): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const reference of this.references.get(document.uri) ?? []) {
      const read = this.read(document.uri, reference.path);
      if (read.ok) continue;
      const range = Range.create(document.positionAt(reference.range.start), document.positionAt(reference.range.end));
      const reason = read.message;
      out.push(
        makeDiagnostic(
          range,
          'POLICY_NOT_ANALYZED',
          `The policy file ${reference.path} that ${reference.label} reads is not analysed: ${reason}.`,
          DiagnosticSeverity.Information,
        ),
      );
    }
    return out;
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

/** The most `.tf` files read from disk beside one document, and the largest read. */
export const MAX_SIBLINGS = 200;
export const MAX_SIBLING_BYTES = MAX_TERRAFORM_BYTES;

/**
 * The paths of the regular `.tf` files in the folder of the file at `path`, when that folder
 * (symbolic links resolved) lies inside one of `roots` (URIs or paths); else none.
 */
function listTerraformFiles(path: string, roots: readonly string[]): string[] {
  // The folder's real path must lie inside a workspace folder; the files keep the path as opened.
  const folder = dirname(path);
  let real: string;
  try {
    real = realpathSync(folder);
  } catch {
    return [];
  }
  const inside = roots.some((root) => {
    try {
      const top = realpathSync(root.includes('://') ? URI.parse(root).fsPath : root);
      return real === top || real.startsWith(top.endsWith(sep) ? top : top + sep);
    } catch {
      return false;
    }
  });
  if (!inside) return [];
  let names: string[];
  try {
    names = readdirSync(real);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names.sort()) {
    if (!isTerraformFileName(name)) continue;
    const file = join(folder, name);
    try {
      // lstat: a symbolic link is not a regular file, so it is never followed out of the folder.
      const stat = lstatSync(file);
      if (stat.isFile() && stat.size <= MAX_SIBLING_BYTES) out.push(file);
    } catch {
      continue;
    }
    if (out.length >= MAX_SIBLINGS) break;
  }
  return out;
}

/**
 * A regular file's text, or undefined (gone, unreadable, grown past the cap, not a regular file,
 * replaced by a symbolic link since it was listed): read through safeReadFile, which checks the
 * open descriptor, so what is read is what was checked.
 */
function readSmallFile(path: string): string | undefined {
  try {
    if (!lstatSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const read = safeReadFile(path, { roots: [dirname(path)], maxBytes: MAX_SIBLING_BYTES });
  return read.ok ? read.text : undefined;
}
