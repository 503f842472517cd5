/**
 * Editor support inside model files that VS Code's JSON schema support cannot give: completion of
 * group and policy names, policy files (inside the workspace), principals, resources and actions;
 * go to definition from a policy file path to the file and from a group or policy name to its
 * entry. The model file keeps language `json`: VS Code validates it against
 * `schemas/iam-model.schema.json` (package.json `jsonValidation`) and our server reports broken
 * references and failing tests, so no problem is reported twice.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ListActionsRequest, ListPrincipalsRequest, ListResourcesRequest } from '../../../server/src/protocol';
import { MODEL_SELECTOR, isModelUri } from './files';
import { accountNames, looksLikeFile, nameDefinition, organizationNames, relativePath, resolveInside, slotAt, type Slot } from './slots';

/** Registers completion and definition for model files. */
export function registerModelEditing(context: vscode.ExtensionContext, client: LanguageClient): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      MODEL_SELECTOR,
      { provideCompletionItems: (d, p, t) => complete(client, d, p, t) },
      '"',
      '/',
      ':',
    ),
    vscode.languages.registerDefinitionProvider(MODEL_SELECTOR, { provideDefinition: (d, p) => define(client, d, p) }),
  );
}

async function complete(
  client: LanguageClient,
  doc: vscode.TextDocument,
  pos: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.CompletionItem[] | undefined> {
  if (!isModelUri(doc.uri)) return undefined;
  const text = doc.getText();
  const slot = slotAt(text, doc.offsetAt(pos));
  if (!slot) return undefined;
  const range = new vscode.Range(doc.positionAt(slot.start), doc.positionAt(slot.end));
  const item = (label: string, kind: vscode.CompletionItemKind, detail: string, sort = '1') =>
    Object.assign(new vscode.CompletionItem(label, kind), { range, detail, sortText: `${sort}${label}`, filterText: label });
  switch (slot.kind) {
    case 'group':
      return names(text, slot).groups.map((g) => item(g, vscode.CompletionItemKind.Class, 'group of this account'));
    case 'ou':
      return organizationNames(text).ous.map((o) => item(o, vscode.CompletionItemKind.Folder, 'organizational unit'));
    case 'policy':
      return [
        ...(slot.path[0] === 'organization' ? organizationNames(text).policies : names(text, slot).policies).map((p) =>
          item(p, vscode.CompletionItemKind.Reference, 'policy defined in this model'),
        ),
        ...(await policyFiles(doc, token)).map((f) => item(f, vscode.CompletionItemKind.File, 'policy file', '2')),
      ];
    case 'file':
      return (await policyFiles(doc, token)).map((f) => item(f, vscode.CompletionItemKind.File, 'policy file'));
    case 'principal': {
      const principals = await client.sendRequest(ListPrincipalsRequest.type, { modelUri: doc.uri.toString() }, token);
      return principals.map((p) =>
        item(
          p.kind === 'role' ? `role/${p.name}` : p.kind === 'root' ? `${p.account}:root` : p.name,
          p.kind === 'role' ? vscode.CompletionItemKind.Interface : vscode.CompletionItemKind.User,
          `${p.kind} · ${p.arn}`,
        ),
      );
    }
    case 'resource': {
      const resources = await client.sendRequest(ListResourcesRequest.type, { modelUri: doc.uri.toString() }, token);
      return resources.map((r) =>
        item(r.arn, vscode.CompletionItemKind.Value, r.kind === 'role' ? 'role (trust policy)' : 'resource of the model'),
      );
    }
    case 'action': {
      const actions = await client.sendRequest(ListActionsRequest.type, { filter: slot.value, limit: 200 }, token);
      return actions.items.map((a) =>
        item(a.name, a.kind === 'action' ? vscode.CompletionItemKind.Function : vscode.CompletionItemKind.Module, a.detail),
      );
    }
  }
}

function names(text: string, slot: Slot) {
  return slot.account === undefined ? { groups: [], policies: [] } : accountNames(text, slot.account);
}

/** JSON files of the model's workspace folder, relative to the model (policy candidates; models left out). */
async function policyFiles(doc: vscode.TextDocument, token: vscode.CancellationToken): Promise<string[]> {
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder) return [];
  const found = await vscode.workspace.findFiles(
    new vscode.RelativePattern(folder, '**/*.json'),
    '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}',
    2000,
    token,
  );
  const dir = doc.uri.path.slice(0, doc.uri.path.lastIndexOf('/'));
  return found
    .filter((u) => !isModelUri(u))
    .map((u) => relativePath(dir, u.path))
    .sort();
}

async function define(client: LanguageClient, doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Location | undefined> {
  if (!isModelUri(doc.uri)) return undefined;
  const text = doc.getText();
  const slot = slotAt(text, doc.offsetAt(pos));
  if (!slot || slot.value === '') return undefined;
  if ((slot.kind === 'file' || slot.kind === 'policy') && looksLikeFile(slot.value)) return fileLocation(doc, slot.value);
  const here = nameDefinition(text, slot);
  if (here) return new vscode.Location(doc.uri, new vscode.Range(doc.positionAt(here.start), doc.positionAt(here.end)));
  if (slot.kind === 'principal') return principalLocation(client, doc, slot.value);
  return undefined;
}

/** The referenced file, when it exists inside the model's workspace folder. */
async function fileLocation(doc: vscode.TextDocument, ref: string): Promise<vscode.Location | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder) return undefined;
  const dir = doc.uri.path.slice(0, doc.uri.path.lastIndexOf('/'));
  const path = resolveInside(folder.uri.path, dir, ref);
  if (!path) return undefined;
  const uri = doc.uri.with({ path });
  try {
    await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
  return new vscode.Location(uri, new vscode.Position(0, 0));
}

/** A test's principal → its user or role entry (also in imported account details). */
async function principalLocation(client: LanguageClient, doc: vscode.TextDocument, value: string): Promise<vscode.Location | undefined> {
  const principals = await client.sendRequest(ListPrincipalsRequest.type, { modelUri: doc.uri.toString() });
  const name = value.startsWith('role/') ? value.slice(5) : value;
  const p = principals.find(
    (x) => x.id === value || x.arn === value || (x.name === name && (x.kind === 'role' || !value.startsWith('role/'))),
  );
  return p?.location
    ? new vscode.Location(vscode.Uri.parse(p.location.uri), client.protocol2CodeConverter.asRange(p.location.range))
    : undefined;
}
