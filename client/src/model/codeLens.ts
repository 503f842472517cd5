/**
 * Code lenses on the access tests of a model file: "✓ passes" or "✗ fails: …" above each test
 * entry, from the server's `iamPolicy/runAccessTests`; clicking one simulates that test's request
 * in the result view. Lenses refresh when the server republishes the model's diagnostics (it
 * re-runs the tests after any policy or model change) and when a file is saved.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { findNodeAtLocation, findNodeAtOffset, getNodeValue, parseTree, type Node } from 'jsonc-parser';
import { RunAccessTestsRequest, type AccessTestItem } from '../../../server/src/protocol';
import { SIMULATE_COMMAND, type SimulateCommandArgs } from '../simulation/command';
import { MODEL_SELECTOR, isModelUri } from './files';

/** Registers the provider and its refresh triggers. */
export function registerAccessTestLenses(context: vscode.ExtensionContext, client: LanguageClient): void {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: (document, token) => accessTestLenses(client, document, token),
  };
  context.subscriptions.push(
    changed,
    vscode.languages.registerCodeLensProvider(MODEL_SELECTOR, provider),
    vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some(isModelUri)) changed.fire();
    }),
    vscode.workspace.onDidSaveTextDocument(() => changed.fire()),
  );
}

async function accessTestLenses(
  client: LanguageClient,
  document: vscode.TextDocument,
  token: vscode.CancellationToken,
): Promise<vscode.CodeLens[]> {
  const tests = await client.sendRequest(RunAccessTestsRequest.type, { modelUri: document.uri.toString() }, token);
  const root = parseTree(document.getText());
  return tests.flatMap((t) => {
    if (!t.location || vscode.Uri.parse(t.location.uri).toString() !== document.uri.toString()) return [];
    // The server read the saved file; place the lens on the entry in the text as it is now.
    const live = root ? findNodeAtLocation(root, ['tests', t.index]) : undefined;
    const range = live
      ? new vscode.Range(document.positionAt(live.offset), document.positionAt(live.offset))
      : client.protocol2CodeConverter.asRange(t.location.range);
    const args = root ? testArgs(root, document.offsetAt(range.start), document.uri.toString()) : undefined;
    return [
      new vscode.CodeLens(range, {
        title: lensTitle(t),
        tooltip: t.message,
        command: args ? SIMULATE_COMMAND : '',
        ...(args ? { arguments: [args] } : {}),
      }),
    ];
  });
}

/** `✓ passes` / `✗ fails: <what the server says>`. */
export function lensTitle(t: Pick<AccessTestItem, 'passed' | 'message'>): string {
  return t.passed ? '✓ passes' : `✗ fails: ${t.message}`;
}

/** The simulate command's arguments for the test entry around `offset`. */
function testArgs(root: Node, offset: number, modelUri: string): SimulateCommandArgs | undefined {
  let node = findNodeAtOffset(root, offset, true);
  while (node && !(node.type === 'object' && node.parent?.type === 'array')) node = node.parent;
  const value: unknown = node ? getNodeValue(node) : undefined;
  if (!value || typeof value !== 'object') return undefined;
  const t = value as { principal?: unknown; action?: unknown; resource?: unknown; context?: unknown };
  if (typeof t.principal !== 'string') return undefined;
  const strings = (v: unknown) =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const context = t.context && typeof t.context === 'object' ? (t.context as Record<string, string | string[]>) : undefined;
  return {
    modelUri,
    principal: t.principal,
    actions: strings(t.action),
    resources: strings(t.resource).length > 0 ? strings(t.resource) : ['*'],
    ...(context ? { context } : {}),
  };
}
