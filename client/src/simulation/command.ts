/**
 * "IAM: Simulate Access…" (`iamPolicyStudio.simulateAccess`). Without arguments it prompts for the
 * model, principal, actions and resources, runs with progress, shows the result view, and offers
 * to supply context keys the result reports missing. With arguments (keybindings, tests) it asks
 * nothing and returns the result:
 *   executeCommand('iamPolicyStudio.simulateAccess', { principal: 'alice', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/k'] })
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { SimulateAccessParams, SimulateAccessResult } from '../../../server/src/protocol';
import { askContext } from './context';
import { SimulationView } from './panel';
import { pickAccount, pickActions, pickModel, pickPrincipal, pickResources, pickVia } from './pickers';
import { runSimulation } from './run';

export const SIMULATE_COMMAND = 'iamPolicyStudio.simulateAccess';

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

/** Registers the command; returns the view (tests read its last page). */
export function registerSimulation(context: vscode.ExtensionContext, client: LanguageClient): SimulationView {
  const view = new SimulationView(client, principalLabel);
  context.subscriptions.push(vscode.commands.registerCommand(SIMULATE_COMMAND, (args?: SimulateCommandArgs) => (args && typeof args === 'object' && !(args instanceof vscode.Uri) ? simulateWith(client, view, args) : simulateInteractively(client, view))));
  return view;
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

/** The palette path: prompts, runs, shows, then offers missing context keys. */
async function simulateInteractively(client: LanguageClient, view: SimulationView): Promise<SimulateAccessResult | undefined> {
  const model = await pickModel(client);
  if (!model) return undefined;
  const modelUri = model.uri;
  const principal = await pickPrincipal(client, modelUri);
  if (!principal) return undefined;
  const account = 'customPolicyUri' in principal ? await pickAccount(model) : '';
  if (account === undefined) return undefined;
  const via = 'principal' in principal ? await pickVia(client, modelUri, principal.principal, principal.label) : [];
  if (via === undefined) return undefined;
  const actions = await pickActions(client);
  if (!actions) return undefined;
  const resources = await pickResources(client, modelUri, actions);
  if (!resources) return undefined;
  const who = 'principal' in principal ? { principal: principal.principal } : { customPolicyUri: principal.customPolicyUri, ...(account ? { customPolicyAccount: account } : {}) };
  const params: SimulateAccessParams = { modelUri, ...who, actions, resources, ...(via.length > 0 ? { via } : {}) };
  const result = await runSimulation(client, params);
  view.show(params, result);
  void offerContext(view, params, result);
  return result;
}

/** When conditions referenced keys nobody supplied, offers to ask for them and run again. */
async function offerContext(view: SimulationView, params: SimulateAccessParams, result: SimulateAccessResult): Promise<void> {
  const missing = [...new Set(result.entries.flatMap((e) => e.missingContextKeys))];
  if (missing.length === 0) return;
  const answer = await vscode.window.showInformationMessage(`The policies' conditions reference ${missing.length} context key(s) the model cannot derive: ${missing.join(', ')}.`, 'Provide values and re-run');
  if (!answer) return;
  const context = await askContext(missing, params.context);
  if (context) await view.rerun({ ...params, context });
}
