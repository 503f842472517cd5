// Helpers for e2e tests that run inside VS Code's extension host. They wait on editor events
// (diagnostics changes, document opens, the extension's publish event) with a timeout; never on
// fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IamPolicyStudioApi } from '../../../client/src/extension';

/** `publisher.name` from package.json. */
export const EXTENSION_ID = 'iam-policy-studio.iam-policy-studio';
// Generous for shared 2-core machines; a passing wait returns as soon as its event arrives.
const DEFAULT_TIMEOUT_MS = 30_000;

/** Activates the extension under test (idempotent) and returns its API. */
export async function activateExtension(): Promise<IamPolicyStudioApi> {
  const ext = vscode.extensions.getExtension<IamPolicyStudioApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

/** URI of a file in the opened workspace folder (the repository's `examples/`). */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
}

/** Resolves with `value()` once it is defined, re-checking whenever `event` fires. */
export function waitFor<T>(
  event: vscode.Event<unknown>,
  value: () => T | undefined,
  describe: () => string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = (): boolean => {
      const v = value();
      if (v === undefined) return false;
      cleanup();
      resolve(v);
      return true;
    };
    const sub = event(() => void check());
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/** Waits until the diagnostics of `uri` satisfy `predicate`; returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (d: readonly vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<readonly vscode.Diagnostic[]> {
  return waitFor(
    vscode.languages.onDidChangeDiagnostics,
    () => {
      const d = vscode.languages.getDiagnostics(uri);
      return predicate(d) ? d : undefined;
    },
    () => `${what} on ${uri.path}; current diagnostics: ${describeDiagnostics(vscode.languages.getDiagnostics(uri))}`,
  );
}

/** A promise for the extension's next "diagnostics published" event for `uri`. Subscribe before acting. */
export function nextPublish(api: IamPolicyStudioApi, uri: vscode.Uri): Promise<vscode.Uri> {
  let seen: vscode.Uri | undefined;
  const event: vscode.Event<unknown> = (listener) =>
    api.onDidPublishDiagnostics((u) => {
      if (u.toString() === uri.toString()) seen = u;
      listener(u);
    });
  return waitFor(
    event,
    () => seen,
    () => `the server to publish diagnostics for ${uri.path}`,
  );
}

/**
 * Shows a workspace policy file and returns its document once the server has validated it: waits
 * for content detection (plain `.json`) and the server's first publish, unless VS Code already had
 * it open as `iam-policy` (an earlier test opened it; its diagnostics are current).
 */
export async function openPolicy(api: IamPolicyStudioApi, relativePath: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(relativePath);
  const isPolicy = (d: vscode.TextDocument) => d.uri.toString() === uri.toString() && d.languageId === 'iam-policy';
  const published = vscode.workspace.textDocuments.some(isPolicy) ? undefined : nextPublish(api, uri);
  await vscode.window.showTextDocument(uri);
  const doc = await waitForLanguage(uri, 'iam-policy');
  await published;
  return doc;
}

/** Waits until the open document for `uri` has language `languageId` (content detection reopens it). */
export function waitForLanguage(uri: vscode.Uri, languageId: string): Promise<vscode.TextDocument> {
  const find = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === languageId);
  return waitFor(vscode.workspace.onDidOpenTextDocument, find, () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return `${uri.path} to have language ${languageId} (it has ${doc?.languageId ?? 'no open document'})`;
  });
}

/** One line per diagnostic: `L:C-L:C severity [source code] message` (1-based, as the editor shows). */
export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map(formatDiagnostic).join(' | ');
}

/** `L:C-L:C severity [source code] message` with 1-based positions. */
export function formatDiagnostic(d: vscode.Diagnostic): string {
  const r = d.range;
  const code = diagnosticCode(d);
  const pos = `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
  return `${pos} ${vscode.DiagnosticSeverity[d.severity]} [${d.source ?? ''}${code !== undefined ? ` ${code}` : ''}] ${d.message}`;
}

/** A diagnostic's code as shown in the Problems panel (the value of a `{ value, target }` code). */
export function diagnosticCode(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/**
 * Asks the code-server launcher for a PNG of the window (IAM_STUDIO_E2E_SCREENSHOT_DIR/NAME.png)
 * and waits until it exists. Does nothing in desktop VS Code or without that variable.
 */
export async function screenshot(name: string, timeoutMs = 10_000): Promise<string | undefined> {
  const dir = process.env.IAM_STUDIO_E2E_SCREENSHOT_DIR;
  if (!dir || vscode.env.uiKind !== vscode.UIKind.Web) return undefined;
  const file = path.join(dir, `${name}.png`);
  fs.rmSync(file, { force: true });
  console.log(`[[iam-studio-e2e:screenshot ${name}]]`);
  // The launcher writes the file from the browser side; no event reaches the extension host.
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (fs.existsSync(file)) return file;
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

/** In an afterEach hook: saves a screenshot named after the test when it failed. */
export async function screenshotIfFailed(test: Mocha.Test | undefined): Promise<void> {
  if (test?.state !== 'failed') return;
  const file = await screenshot(
    test
      .fullTitle()
      .replace(/[^\w.-]+/g, '-')
      .slice(0, 100),
  );
  if (file) console.log(`      screenshot of the failure: ${file}`);
}

/**
 * The set-up every suite shares: activates the extension once before its tests, and after each
 * test saves a screenshot of a failure and closes the editors. Call it inside `describe`; tests
 * read the extension's API as `ext.api`.
 */
export function useExtension(): { readonly api: IamPolicyStudioApi } {
  const ext = {} as { api: IamPolicyStudioApi };
  before(async () => {
    ext.api = await activateExtension();
  });
  afterEach(async function () {
    await screenshotIfFailed(this.currentTest);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  return ext;
}

/** Our diagnostics among all of a document's (other extensions may add theirs). */
export const ours = (diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] =>
  diagnostics.filter((d) => d.source === 'iam-policy-studio');

/** `line CODE text` with a 1-based line and the text the range covers. */
export const shown = (doc: vscode.TextDocument, d: vscode.Diagnostic): string =>
  `${d.range.start.line + 1} ${String(diagnosticCode(d))} ${doc.getText(d.range)}`;

/** The 0-based line of the first line containing `needle`. */
export function lineOf(doc: vscode.TextDocument, needle: string): number {
  const line = doc
    .getText()
    .split('\n')
    .findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} not found`);
  return line;
}

/**
 * Types `sqs:ReceiveMes` over the `sqs:ReceiveMessage` on `line` (as a user would), asks for
 * completion at its end, and checks that `sqs:ReceiveMessage` is offered, only SQS actions are,
 * and the item replaces exactly the typed text (inside quotes, or a plain YAML scalar).
 */
export async function assertActionCompletion(api: IamPolicyStudioApi, doc: vscode.TextDocument, line: number): Promise<void> {
  const start = doc.lineAt(line).text.indexOf('sqs:ReceiveMessage');
  const typed = new vscode.Range(line, start, line, start + 'sqs:ReceiveMessage'.length);
  const published = nextPublish(api, doc.uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, typed, 'sqs:ReceiveMes');
  assert.ok(await vscode.workspace.applyEdit(edit));
  await published;
  const cursor = new vscode.Position(line, start + 'sqs:ReceiveMes'.length);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, cursor);
  const label = (i: vscode.CompletionItem) => (typeof i.label === 'string' ? i.label : i.label.label);
  const item = list.items.find((i) => label(i) === 'sqs:ReceiveMessage');
  assert.ok(item, `sqs:ReceiveMessage offered; got ${list.items.slice(0, 20).map(label).join(', ')}`);
  assert.ok(
    list.items.every((i) => !label(i).startsWith('s3:')),
    'only sqs actions after "sqs:"',
  );
  const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
  assert.deepEqual(range, new vscode.Range(line, start, line, start + 'sqs:ReceiveMes'.length));
  const insert = typeof item.insertText === 'string' ? item.insertText : item.insertText?.value;
  assert.equal(insert, 'sqs:ReceiveMessage');
}

/** Opens an example file of the workspace and waits for the server's first diagnostics of it (when it was not open yet). */
export async function openExample(api: IamPolicyStudioApi, relativePath: string): Promise<vscode.TextDocument> {
  const uri = workspaceUri(relativePath);
  const open = vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());
  const published = open ? undefined : nextPublish(api, uri);
  const editor = await vscode.window.showTextDocument(uri);
  await published;
  return editor.document;
}

/**
 * Undoes a test's edits without saving, and checks the example file on disk holds what the editor
 * now shows (a user's file is never written without the user's action).
 */
export async function revertExample(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(doc.isDirty, false);
  assert.equal(fs.readFileSync(doc.uri.fsPath, 'utf8'), doc.getText(), `${doc.uri.fsPath} on disk was changed`);
}
