/**
 * "IAM: Simulate Access…" (`iamPolicyStudio.simulateAccess`). Without arguments it prompts for the
 * model, principal (and a role to act through, when it can assume any), actions, resources and
 * the context keys the relevant conditions need but the model cannot derive, then runs with
 * progress and shows the result view. The open CloudFormation/SAM template or Terraform file is
 * offered as a model of its own when no model file imports it. With arguments (keybindings, tests) it asks
 * nothing and returns the result:
 *   executeCommand('iamPolicyStudio.simulateAccess', { principal: 'alice', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] })
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ContextKeysRequest,
  SIMULATE_ACCESS_COMMAND,
  type SimulateAccessParams,
  type SimulateAccessResult,
} from '../../../server/src/protocol';
import { askContext } from './context';
import { SimulationView } from './panel';
import { pickAccount, pickActions, pickModel, pickPrincipal, pickResources, pickVia } from './pickers';
import { runSimulation } from './run';
import { pickSession } from './session';

export const SIMULATE_COMMAND = SIMULATE_ACCESS_COMMAND;

/** The command's arguments: the request's parameters; single strings are accepted for lists. */
export type SimulateCommandArgs = Omit<SimulateAccessParams, 'actions' | 'resources'> & {
  readonly actions?: string | readonly string[];
  /** Alias of `actions` for a single one. */
  readonly action?: string;
  readonly resources?: string | readonly string[];
  readonly resource?: string;
  /** Show the result view (default true). */
  readonly show?: boolean;
};

/** Registers the command and its result view. */
export function registerSimulation(context: vscode.ExtensionContext, client: LanguageClient): void {
  const view = new SimulationView(client, principalLabel);
  // A Uri argument comes from an explorer or editor menu: prompt as from the palette.
  const withArgs = (args: unknown): args is SimulateCommandArgs =>
    typeof args === 'object' && args !== null && !(args instanceof vscode.Uri);
  context.subscriptions.push(
    vscode.commands.registerCommand(SIMULATE_COMMAND, (args?: unknown) =>
      withArgs(args)
        ? simulateWith(client, view, args)
        : simulateInteractively(client, view, args instanceof vscode.Uri ? args : vscode.window.activeTextEditor?.document.uri),
    ),
  );
}

function principalLabel(p: SimulateAccessParams): string {
  return p.customPolicyUri ? `custom policy ${vscode.workspace.asRelativePath(vscode.Uri.parse(p.customPolicyUri))}` : (p.principal ?? '');
}

const list = (one: string | undefined, many: string | readonly string[] | undefined): string[] | undefined =>
  many === undefined ? (one === undefined ? undefined : [one]) : typeof many === 'string' ? [many] : [...many];

/** The no-prompt path: arguments in, result out. */
async function simulateWith(client: LanguageClient, view: SimulationView, args: SimulateCommandArgs): Promise<SimulateAccessResult> {
  const { show, action, resource, actions, resources, ...rest } = args;
  const all = list(action, actions) ?? [];
  const res = list(resource, resources);
  const params: SimulateAccessParams = { ...rest, actions: all, ...(res ? { resources: res } : {}) };
  const result = await runSimulation(client, params);
  if (show !== false) view.show(params, result);
  return result;
}

/** The palette path: prompts (context keys last), runs, shows. */
async function simulateInteractively(
  client: LanguageClient,
  view: SimulationView,
  template?: vscode.Uri,
): Promise<SimulateAccessResult | undefined> {
  const chosen = await pickModel(client, template);
  if (!chosen) return undefined;
  const { model } = chosen;
  const modelUri = model.uri;
  const principal = await pickPrincipal(chosen.principals);
  if (!principal) return undefined;
  const account = 'customPolicyUri' in principal ? await pickAccount(model) : '';
  if (account === undefined) return undefined;
  const via = 'principal' in principal ? await pickVia(client, modelUri, principal.principal, principal.label) : [];
  if (via === undefined) return undefined;
  // The session is the role's, or the last role of the chain's.
  const sessionOf = via[via.length - 1] ?? ('principal' in principal && principal.kind === 'role' ? principal.label : undefined);
  const session = sessionOf ? await pickSession(sessionOf) : {};
  if (!session) return undefined;
  const actions = await pickActions(client);
  if (!actions) return undefined;
  const resources = await pickResources(client, chosen.resources, actions);
  if (!resources) return undefined;
  const who =
    'principal' in principal
      ? { principal: principal.principal }
      : { customPolicyUri: principal.customPolicyUri, ...(account ? { customPolicyAccount: account } : {}) };
  const request: SimulateAccessParams = { modelUri, ...who, ...session, actions, resources, ...(via.length > 0 ? { via } : {}) };
  const params = await withContext(client, request);
  if (!params) return undefined;
  const result = await runSimulation(client, params);
  view.show(params, result);
  return result;
}

/**
 * Asks for the context keys the relevant conditions reference that the model cannot derive
 * (`iamPolicy/contextKeys`), or lets the user run without them (the result then lists them and
 * the view offers them again). Undefined when the user cancels.
 */
async function withContext(client: LanguageClient, params: SimulateAccessParams): Promise<SimulateAccessParams | undefined> {
  const keys = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'IAM: checking conditions' }, () =>
    client.sendRequest(ContextKeysRequest.type, params),
  );
  if (keys.missing.length === 0) return params;
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'Provide values', description: keys.missing.join(', '), provide: true },
      { label: 'Run without them', description: 'conditions are evaluated as AWS does when the request lacks a key', provide: false },
    ],
    {
      title: 'IAM: Simulate Access: context keys',
      ignoreFocusOut: true,
      placeHolder: `Conditions reference ${keys.missing.length} key(s) the model cannot derive`,
    },
  );
  if (!choice) return undefined;
  if (!choice.provide) return params;
  const context = await askContext(keys.missing, params.context);
  return context ? { ...params, context } : undefined;
}
