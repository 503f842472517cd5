/**
 * In VS Code, a model file's shape (types, unknown keys) is validated by the JSON language service
 * with `schemas/iam-model.schema.json`; our server also reports wrong-typed entries (MODEL_INVALID),
 * which other editors and the CLI need. Here ours are hidden where the JSON service already reports
 * a problem, and shown again when it stops (its diagnostics may arrive before or after ours).
 */
import * as vscode from 'vscode';
import { isModelUri } from './files';
import { withoutSchemaDuplicates } from './overlap';

const SOURCE = 'iam-policy-studio';

type Next = (uri: vscode.Uri, diagnostics: vscode.Diagnostic[]) => void;

/** The language client's diagnostics middleware for model files, and its refresh on JSON changes. */
export class SchemaDuplicates implements vscode.Disposable {
  private readonly raw = new Map<string, { readonly diagnostics: vscode.Diagnostic[]; readonly next: Next; shown: number }>();
  private readonly subscription = vscode.languages.onDidChangeDiagnostics((e) => {
    for (const uri of e.uris) this.refresh(uri);
  });

  /** Passes our diagnostics for `uri` on, without schema duplicates when it is a model file. */
  handle(uri: vscode.Uri, diagnostics: vscode.Diagnostic[], next: Next): void {
    if (!isModelUri(uri)) return next(uri, diagnostics);
    const entry = { diagnostics, next, shown: -1 };
    this.raw.set(uri.toString(), entry);
    this.show(uri, entry);
  }

  dispose(): void {
    this.subscription.dispose();
  }

  private refresh(uri: vscode.Uri): void {
    const entry = this.raw.get(uri.toString());
    if (entry) this.show(uri, entry);
  }

  private show(uri: vscode.Uri, entry: { readonly diagnostics: vscode.Diagnostic[]; readonly next: Next; shown: number }): void {
    const schema = vscode.languages
      .getDiagnostics(uri)
      .filter((d) => d.source !== SOURCE)
      .map((d) => d.range);
    const kept = withoutSchemaDuplicates(entry.diagnostics, schema);
    // Publishing changes the diagnostics again: only publish when the answer changed.
    if (kept.length === entry.shown) return;
    entry.shown = kept.length;
    entry.next(uri, kept);
  }
}
