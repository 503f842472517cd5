/**
 * The prompts of "IAM: Simulate Access…": the model, the principal (or the active policy as a
 * custom policy), the actions (a multi-select list the server filters as the user types), and the
 * resources (the model's resources, ARN templates of the chosen actions, or an ARN typed in).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  AssumableRolesRequest,
  ListActionsRequest,
  ResourceTemplatesRequest,
  SimulationPicksRequest,
  type ActionListItem,
  type ModelSummary,
  type PrincipalItem,
  type ResourceItem,
} from '../../../server/src/protocol';
import { LANGUAGE_ID } from '../detect';

/** The principal chosen: an id the server knows, or a policy document to simulate as a custom policy. */
export type PrincipalChoice =
  | { readonly principal: string; readonly label: string; readonly kind: PrincipalItem['kind'] }
  | { readonly customPolicyUri: string; readonly label: string };

/** The model chosen, with its principals and resources (one `iamPolicy/simulationPicks` answer). */
export interface ModelChoice {
  readonly model: ModelSummary;
  readonly principals: readonly PrincipalItem[];
  readonly resources: readonly ResourceItem[];
}

/**
 * The model to use: the only one, or the user's pick. `template` (the active editor's file, or the
 * file the command was run on) adds that CloudFormation/SAM template's or Terraform configuration's
 * own model when no model imports it, so a template can be simulated with no model file at all.
 * The model's principals and resources come in the same answer (a second one after a pick).
 * Undefined (after a message) when there is none.
 */
export async function pickModel(client: LanguageClient, template?: vscode.Uri): Promise<ModelChoice | undefined> {
  const templateUri = template ? { templateUri: template.toString() } : {};
  const picks = await client.sendRequest(SimulationPicksRequest.type, templateUri);
  const only = picks.models.find((m) => m.uri === picks.modelUri);
  if (only) return { model: only, principals: picks.principals, resources: picks.resources };
  const model = await chooseModel(picks.models);
  if (!model) return undefined;
  const chosen = await client.sendRequest(SimulationPicksRequest.type, { ...templateUri, modelUri: model.uri });
  return { model, principals: chosen.principals, resources: chosen.resources };
}

/** The user's pick among several models; undefined (after a message) when there is none. */
async function chooseModel(models: readonly ModelSummary[]): Promise<ModelSummary | undefined> {
  if (models.length === 0) {
    void vscode.window.showErrorMessage(
      'IAM: no workspace model found. Create a *.iam-model.json file (see examples/organization.iam-model.json), or open a CloudFormation/SAM template or Terraform file to simulate its principals.',
    );
    return undefined;
  }
  if (models.length === 1) return models[0];
  const pick = await vscode.window.showQuickPick(
    models.map((m) => ({
      label: vscode.workspace.asRelativePath(vscode.Uri.parse(m.uri)),
      description: m.implicit
        ? `this template on its own: ${m.principals} principals, ${m.resources} resources`
        : `${m.principals} principals, ${m.resources} resources`,
      model: m,
    })),
    { title: 'IAM: Simulate Access (1/4)', placeHolder: 'Workspace model', ignoreFocusOut: true },
  );
  return pick?.model;
}

const KIND_TITLE: Record<PrincipalItem['kind'], string> = { user: 'Users', role: 'Roles (as a session of the role)', root: 'Root users' };

/**
 * The account a custom policy's user belongs to (same-account or cross-account requests depend on
 * it): the only account, or the user's pick.
 */
export async function pickAccount(model: ModelSummary): Promise<string | undefined> {
  if (model.accounts.length <= 1) return model.accounts[0]?.id ?? '';
  const pick = await vscode.window.showQuickPick(
    model.accounts.map((a) => ({ label: a.name ?? a.id, description: a.id, id: a.id })),
    {
      title: 'IAM: Simulate Access (2/4)',
      ignoreFocusOut: true,
      placeHolder: 'Account of the user holding the custom policy',
    },
  );
  return pick?.id;
}

/** The principal: the policy in the active editor first (when there is one), then the model's users, roles and root users. */
export async function pickPrincipal(principals: readonly PrincipalItem[]): Promise<PrincipalChoice | undefined> {
  type Item = vscode.QuickPickItem & { choice?: PrincipalChoice };
  const items: Item[] = [];
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === LANGUAGE_ID) {
    const name = vscode.workspace.asRelativePath(active.uri);
    items.push({
      label: '$(file-code) The policy in the active editor',
      description: name,
      detail: 'Simulated as the only identity policy of a user of the model',
      choice: { customPolicyUri: active.uri.toString(), label: `custom policy ${name}` },
    });
  }
  for (const kind of ['user', 'role', 'root'] as const) {
    const ofKind = principals.filter((p) => p.kind === kind);
    if (ofKind.length === 0) continue;
    items.push({ label: KIND_TITLE[kind], kind: vscode.QuickPickItemKind.Separator });
    for (const p of ofKind)
      items.push({
        label: p.name,
        description: `${p.accountName ?? p.account} · ${p.arn}`,
        detail: p.detail,
        choice: { principal: p.id, label: p.arn, kind: p.kind },
      });
  }
  const pick = await vscode.window.showQuickPick(items, {
    title: 'IAM: Simulate Access (2/4)',
    ignoreFocusOut: true,
    placeHolder: 'Who makes the requests?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return pick?.choice;
}

/**
 * When the principal can assume roles of the model (directly or through a chain), asks whether to
 * act as itself or as a session of one of them. Resolves the chain of role ARNs (empty: itself).
 */
export async function pickVia(client: LanguageClient, modelUri: string, principal: string, label: string): Promise<string[] | undefined> {
  const { roles } = await client.sendRequest(AssumableRolesRequest.type, { modelUri, principal });
  if (roles.length === 0) return [];
  const items = [
    { label: `As ${label} itself`, chain: [] as readonly string[] },
    ...roles.map((r) => ({
      label: `$(arrow-right) Through ${r.role}`,
      detail: r.chain.length > 1 ? `chain: ${r.chain.join(' → ')}` : 'assumed directly (sts:AssumeRole)',
      chain: r.chain,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'IAM: Simulate Access (2/4)',
    ignoreFocusOut: true,
    placeHolder: `${label} can assume roles: simulate as itself or as a role session?`,
  });
  return pick ? [...pick.chain] : undefined;
}

type ActionPick = vscode.QuickPickItem & { readonly name: string };

function actionPick(i: ActionListItem): ActionPick {
  const icon = i.kind === 'action' ? '$(symbol-method)' : '$(symbol-namespace)';
  return {
    label: `${icon} ${i.name}`,
    name: i.name,
    description: i.kind === 'action' ? '' : i.detail,
    detail: i.kind === 'action' ? i.detail : undefined,
    alwaysShow: true,
  } as ActionPick;
}

/** The actions: a searchable multi-select list; items come from the server for what is typed. */
export function pickActions(client: LanguageClient): Promise<string[] | undefined> {
  const qp = vscode.window.createQuickPick<ActionPick>();
  qp.title = 'IAM: Simulate Access (3/4)';
  qp.ignoreFocusOut = true;
  qp.placeholder = 'Actions: type to search (s3:Get, getobject, ec2:Describe*), select one or more, then Enter';
  qp.canSelectMany = true;
  qp.matchOnDescription = true;
  const chosen = new Map<string, ActionPick>();
  let request = 0;
  const load = async (filter: string) => {
    const mine = ++request;
    qp.busy = true;
    const result = await client.sendRequest(ListActionsRequest.type, { filter, limit: 500 });
    if (mine !== request) return;
    qp.title = `IAM: Simulate Access (3/4)${result.total > result.items.length ? `: ${result.items.length} of ${result.total} shown, type to narrow` : ''}`;
    const fresh = result.items.filter((i) => !chosen.has(i.name)).map(actionPick);
    const typed = filter.trim();
    // An action the catalog does not know can still be simulated as written.
    if (typed.includes(':') && !result.items.some((i) => i.name.toLowerCase() === typed.toLowerCase()) && !chosen.has(typed))
      fresh.unshift({ label: `$(edit) ${typed}`, name: typed, description: 'as typed', alwaysShow: true });
    qp.items = [...chosen.values(), ...fresh];
    qp.selectedItems = [...chosen.values()];
    // A multi-select list focuses nothing by itself; focus the best match so Enter takes it.
    if (fresh[0]) qp.activeItems = [fresh[0]];
    qp.busy = false;
  };
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void load(v), 120);
    });
    qp.onDidChangeSelection((sel) => {
      const names = new Set(sel.map((s) => s.name));
      for (const item of qp.items) if (!names.has(item.name)) chosen.delete(item.name);
      for (const s of sel) chosen.set(s.name, s);
    });
    qp.onDidAccept(() => {
      const typed = qp.value.trim();
      const names =
        chosen.size > 0
          ? [...chosen.keys()]
          : qp.activeItems.length > 0
            ? qp.activeItems.map((i) => i.name)
            : typed.includes(':')
              ? [typed]
              : [];
      if (names.length === 0) {
        qp.title = 'IAM: Simulate Access (3/4): check one or more actions, or type one such as s3:GetObject';
        return;
      }
      resolve(names);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
    void load('');
  });
}

type ResourcePick = vscode.QuickPickItem & { readonly arn?: string; readonly template?: string; readonly enter?: boolean };

/** The resources: `*`, the model's resources, ARN templates to fill in, or an ARN typed in. */
export async function pickResources(
  client: LanguageClient,
  resources: readonly ResourceItem[],
  actions: readonly string[],
): Promise<string[] | undefined> {
  const templates = await client.sendRequest(ResourceTemplatesRequest.type, { actions });
  const items: ResourcePick[] = [
    { label: '$(edit) Enter an ARN…', enter: true, alwaysShow: true },
    { label: '*', description: 'any resource (actions without resource types)', arn: '*' },
    { label: 'Resources of the model', kind: vscode.QuickPickItemKind.Separator },
    ...resources.map((r): ResourcePick => ({
      label: r.arn,
      description: `${r.kind === 'role' ? 'role (trust policy)' : r.hasPolicy ? 'has a resource policy' : 'no resource policy'} · ${r.account}`,
      arn: r.arn,
    })),
    ...(templates.length > 0
      ? [{ label: 'ARN formats of the chosen actions (fill in)', kind: vscode.QuickPickItemKind.Separator } as ResourcePick]
      : []),
    ...templates.map((t): ResourcePick => ({
      label: t.template,
      description: `${t.resourceType}${t.required ? ' (required)' : ''}`,
      template: t.template,
    })),
  ];
  const typedArn = (v: string): ResourcePick | undefined => (v === '*' || /^arn:[^:]+:[^:]*:/.test(v) ? { label: v, arn: v } : undefined);
  const picked = await pickMany(items, 'IAM: Simulate Access (4/4)', 'Resources: check one or more, or type an ARN, then Enter', typedArn);
  if (!picked) return undefined;
  const out: string[] = [];
  for (const p of picked) {
    const arn = p.arn ?? (await enterArn(p.template));
    if (arn === undefined) return undefined;
    if (arn !== '') out.push(arn);
  }
  return out;
}

/** An input box for an ARN, pre-filled with a template whose first `${Variable}` is selected. */
async function enterArn(template?: string): Promise<string | undefined> {
  const value = template?.replace('${Partition}', 'aws') ?? 'arn:aws:';
  const first = /\$\{[^}]*\}/.exec(value);
  const selection: [number, number] = first ? [first.index, first.index + first[0].length] : [value.length, value.length];
  return vscode.window.showInputBox({
    title: 'Resource ARN',
    value,
    valueSelection: selection,
    ignoreFocusOut: true,
    prompt: 'Replace each ${Variable} with a value',
    validateInput: (v) =>
      v === '*' || /^arn:[^:]+:[^:]*:/.test(v)
        ? /\$\{/.test(v)
          ? 'Replace every ${Variable}'
          : undefined
        : 'An ARN (arn:partition:service:…) or *',
  });
}

/**
 * A multi-select list; Enter with nothing checked takes the typed value (when `fromValue` accepts
 * it) or the focused item, else asks for a choice.
 */
function pickMany<T extends vscode.QuickPickItem>(
  items: readonly T[],
  title: string,
  placeholder: string,
  fromValue: (value: string) => T | undefined,
): Promise<T[] | undefined> {
  const qp = vscode.window.createQuickPick<T>();
  Object.assign(qp, { title, placeholder, canSelectMany: true, matchOnDescription: true, ignoreFocusOut: true, items });
  if (items[0]) qp.activeItems = [items[0]];
  return new Promise((resolve) => {
    qp.onDidAccept(() => {
      const typed = fromValue(qp.value.trim());
      const picked = qp.selectedItems.length > 0 ? [...qp.selectedItems] : typed ? [typed] : [...qp.activeItems];
      if (picked.length === 0) {
        qp.title = `${title}: check one or more items, or type an ARN`;
        return;
      }
      resolve(picked);
      qp.hide();
    });
    qp.onDidHide(() => {
      resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
