/**
 * Keeps the diagnostics of open policies and templates current. An opened document is validated at
 * once (its diagnostics should be there when it shows), an edit after a pause
 * (node/validationScheduler.ts); a run goes in slices that let waiting requests through and stops
 * once its version is stale. Documents whose meaning changed without an edit (their model-given
 * policy type, a Terraform file that references them, the Terraform parser arriving) are validated
 * again.
 */
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ValidationCancelled, type PolicyLanguageService } from '../service';
import { fileNameOf } from '../service/hosts/registry';
import type { ModelWorkspace } from './modelWorkspace';
import type { ParseCache } from './parseCache';
import type { TerraformSupport } from './terraformSupport';
import { ValidationScheduler } from './validationScheduler';
import { isTerraformFileName } from '../service/hosts/terraformFiles';

/** What validation reads and where it publishes. */
export interface ValidationParts {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly service: PolicyLanguageService;
  readonly parses: ParseCache;
  /** The model-given policy type of a document. */
  readonly models: Pick<ModelWorkspace, 'policyTypeOf'>;
  readonly terraform: TerraformSupport;
}

/** Whether `uri` names a Terraform file. */
export function isTerraformUri(uri: string): boolean {
  return isTerraformFileName(fileNameOf(uri));
}

export class DocumentValidation {
  private readonly scheduler: ValidationScheduler;
  /** Documents opened and not yet validated: their first content change validates at once. */
  private readonly opening = new Set<string>();
  /** The model-given policy type each open document was last validated with. */
  private readonly validatedType = new Map<string, string | undefined>();
  /**
   * Closed files that `.tf` files read (`file()`, `templatefile()`) whose diagnostics were published,
   * with what they were validated from (type, template, text): the same again is not re-published.
   */
  private readonly closedReferenced = new Map<string, string>();

  constructor(private readonly parts: ValidationParts) {
    this.scheduler = new ValidationScheduler((uri) => {
      const document = parts.documents.get(uri);
      if (document) void this.validate(document);
    });
  }

  /**
   * Follows the open documents (open, edit, close) and the Terraform parser's arrival; `changed`
   * hears every edit and close after validation was arranged (the workspace models listen there).
   */
  listen(changed: (uri: string) => void): void {
    const { documents, terraform } = this.parts;
    documents.onDidOpen((event) => this.opening.add(event.document.uri));
    documents.onDidChangeContent((event) => {
      this.contentChanged(event.document);
      changed(event.document.uri);
    });
    documents.onDidClose((event) => {
      this.closed(event.document);
      changed(event.document.uri);
    });
    void terraform.ready.then((loaded) => this.terraformLoaded(loaded));
  }

  /** Validates `uri` after the pause, replacing a pending run. */
  schedule(uri: string): void {
    this.scheduler.schedule(uri);
  }

  /** Validates every open document after the pause (new settings). */
  scheduleAll(): void {
    for (const document of this.parts.documents.all()) this.scheduler.schedule(document.uri);
  }

  /**
   * After the workspace models change (on disk or in the editor), the open documents whose
   * model-given policy type changed are validated again: their text did not change, their meaning did.
   */
  revalidateRetyped(): void {
    const { documents, models } = this.parts;
    for (const document of documents.all()) {
      const { uri } = document;
      if (this.validatedType.has(uri) && this.validatedType.get(uri) !== models.policyTypeOf(uri)) void this.validate(document);
    }
  }

  /**
   * Validates one version in slices: between slices (before the grammar, between check families)
   * the run waits for the event loop, so requests that arrived meanwhile are answered first, and it
   * stops as soon as its version is no longer current (a newer version gets its own run). A result
   * for a version that is no longer current is dropped. With `$/setTrace` on, each run's start,
   * cancellation and end are traced (the protocol tests follow them).
   */
  async validate(document: TextDocument, siblings = true): Promise<void> {
    const { connection, service, parses, terraform } = this.parts;
    if (!service.documentKind(document)) return;
    // A .tf file is validated once the Terraform parser is there (terraform.ready), not before.
    if (isTerraformUri(document.uri) && !terraform.settled) return;
    this.validatedType.set(document.uri, this.parts.models.policyTypeOf(document.uri));
    const version = document.version;
    const referenced = isTerraformUri(document.uri) ? terraform.referencedBy(document.uri) : undefined;
    const current = this.isCurrent(document);
    const pause = () => new Promise<boolean>((resolve) => setImmediate(() => resolve(current())));
    const label = `${document.uri} version ${version}`;
    try {
      connection.tracer.log(`validating ${label}`);
      const diagnostics = await service.doValidation(document, parses.get(document), { pause });
      // A file a `.tf` file reads that is not read (missing, outside the workspace): said at the reference.
      if (isTerraformUri(document.uri)) diagnostics.push(...terraform.referenceDiagnostics(document));
      if (referenced) {
        this.revalidateReferenced([...referenced, ...terraform.referencedBy(document.uri)]);
        void this.validateClosedReferenced();
      }
      if (siblings && isTerraformUri(document.uri)) this.revalidateModule(document.uri);
      if (!current()) return;
      connection.tracer.log(`validated ${label}`);
      await connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
    } catch (err) {
      if (err instanceof ValidationCancelled) connection.tracer.log(`validation of ${label} cancelled: the document changed`);
      else connection.console.error(`validation of ${document.uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
    }
  }

  /**
   * Whether `document` is still the open version it is now. TextDocuments updates a document object
   * in place, and a closed-and-reopened document starts again at version 1: the version is captured
   * now and the same object required, so a result for older text (or for a previous document of the
   * same URI) is never published.
   */
  private isCurrent(document: TextDocument): () => boolean {
    const version = document.version;
    return () => this.parts.documents.get(document.uri) === document && document.version === version;
  }

  private contentChanged(document: TextDocument): void {
    if (this.opening.delete(document.uri)) {
      this.scheduler.cancel(document.uri);
      void this.validate(document);
    } else this.scheduler.schedule(document.uri);
  }

  private closed(document: TextDocument): void {
    const { uri } = document;
    this.scheduler.cancel(uri);
    this.opening.delete(uri);
    this.parts.parses.delete(uri);
    this.validatedType.delete(uri);
    if (isTerraformUri(uri)) {
      this.revalidateReferenced(this.parts.terraform.forget(uri));
      this.revalidateModule(uri);
    }
    // Only documents the service published for: model files (JSON the client also syncs) keep theirs.
    if (this.parts.service.documentKind(document)) void this.parts.connection.sendDiagnostics({ uri, diagnostics: [] });
    // A file a `.tf` file reads is validated from disk again once closed.
    if (this.parts.terraform.useOf(uri)) {
      this.closedReferenced.delete(uri);
      void this.validateClosedReferenced();
    }
  }

  /**
   * The files `.tf` files read as policies (`file()`, `templatefile()`) that are not open are read
   * from disk (node/terraformSupport.ts: inside the workspace, regular files, size-capped) and
   * validated as the editor would validate them open; their diagnostics are published at their own
   * lines. A file no longer read, or no longer readable, has its diagnostics cleared.
   */
  private async validateClosedReferenced(): Promise<void> {
    const { connection, documents, service, terraform } = this.parts;
    const wanted = new Set(terraform.referencedFiles().filter((uri) => !documents.get(uri)));
    for (const uri of [...this.closedReferenced.keys()]) {
      if (wanted.has(uri)) continue;
      this.closedReferenced.delete(uri);
      if (!documents.get(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    for (const uri of wanted) {
      const use = terraform.useOf(uri);
      const read = terraform.readReferenced(uri);
      const key = read.ok && use ? `${use.policyType}|${use.resourceService ?? ''}|${String(use.template)}|${read.text}` : '';
      if (this.closedReferenced.get(uri) === key) continue;
      const had = this.closedReferenced.has(uri);
      this.closedReferenced.set(uri, key);
      if (!read.ok || !use) {
        if (had) await connection.sendDiagnostics({ uri, diagnostics: [] });
        continue;
      }
      // Any language but the policy one: the service asks the hosts, and the template host types it.
      const document = TextDocument.create(uri, 'json', 0, read.text);
      try {
        const diagnostics = await service.doValidation(document, service.parse(document));
        if (documents.get(uri) || this.closedReferenced.get(uri) !== key) continue;
        await connection.sendDiagnostics({ uri, diagnostics });
      } catch (err) {
        connection.console.error(`validation of ${uri} failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
  }

  /** Until the Terraform parser is loaded .tf files show nothing: parse and validate them again then. */
  private terraformLoaded(loaded: boolean): void {
    const { connection, documents, parses, terraform } = this.parts;
    if (!loaded) connection.console.error(`The Terraform parser could not be loaded: ${terraform.failure ?? 'unknown error'}`);
    for (const document of documents.all()) {
      if (!isTerraformUri(document.uri)) continue;
      parses.delete(document.uri);
      void this.validate(document);
    }
  }

  /**
   * The `.tf` files of one folder are one module: a file's variables, locals and resources resolve
   * and type the documents of the others. After `uri` changed (or closed), the other open `.tf`
   * files of its folder are parsed and validated again, without passing it on (no ping-pong).
   */
  private revalidateModule(uri: string): void {
    const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
    for (const other of this.parts.documents.all()) {
      const rest = other.uri.slice(folder.length);
      if (other.uri === uri || !other.uri.startsWith(folder) || rest.includes('/') || !isTerraformUri(other.uri)) continue;
      this.parts.parses.delete(other.uri);
      void this.validate(other, false);
    }
  }

  /**
   * A file changed on disk (a watched-file event): when it is a `.tf` file, the open `.tf` files of
   * its folder, which read it from disk while it is closed, are validated again.
   */
  fileChanged(uri: string): void {
    const { terraform, documents } = this.parts;
    if (terraform.useOf(uri) && !documents.get(uri)) {
      this.closedReferenced.delete(uri);
      void this.validateClosedReferenced();
    }
    if (!terraform.fileChanged(uri) || documents.get(uri)) return;
    this.revalidateModule(uri);
  }

  /** A `.tf` file's `file("x.json")` types x.json: re-validate the open files whose type it may have changed. */
  private revalidateReferenced(uris: readonly string[]): void {
    for (const uri of new Set(uris)) {
      const document = this.parts.documents.get(uri);
      if (document && !isTerraformUri(uri)) void this.validate(document);
    }
  }
}
