/**
 * Converting model objects into the protocol's items for the client: principals, resources,
 * simulation entries, each with links (`{ uri, range }`) into the workspace files they come from.
 */
import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { allPrincipals, describePrincipal, type LocatedStatement, type ModelPolicy, type SimulationEntry } from '../core/model';
import type { FileLocation, PrincipalItem, ResourceItem, SimulateAccessResult, SimulationEntryItem, StatementLink } from '../protocol';
import type { SimulationRun } from '../service/simulation';
import { rangesFor, type Ranges } from '../service/templateModel/ranges';
import type { HostKind } from '../service/hosts/registry';
import { safeReadFile } from './safeRead';
import type { ModelWorkspace, WorkspaceModelEntry } from './modelWorkspace';

/** Statement and entry links: file text (open document or disk) → ranges, cached per run. */
export class Links {
  private readonly ranges = new Map<string, Ranges | null>();

  /**
   * `roots`: the workspace folders files may be read from (open documents are taken as they are);
   * `hostKinds`: the host kinds beyond CloudFormation whose files links point into (Terraform).
   */
  constructor(
    readonly documents: Pick<TextDocuments<TextDocument>, 'get'>,
    readonly roots: () => readonly string[],
    readonly hostKinds: () => readonly HostKind[] = () => [],
  ) {}

  /** An open document, or the file on disk when it is a readable regular file inside the workspace. */
  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri) ?? readDocument(uri, this.roots());
  }

  clear(): void {
    this.ranges.clear();
  }

  location(uri: string | undefined, path: readonly (string | number)[], whole = false): FileLocation | undefined {
    if (!uri) return undefined;
    let r = this.ranges.get(uri);
    if (r === undefined) {
      const doc = this.document(uri);
      r = doc ? rangesFor(doc, this.hostKinds()) : null;
      this.ranges.set(uri, r);
    }
    return r ? { uri, range: whole ? r.fullRangeOf(path) : r.rangeOf(path) } : undefined;
  }

  statement(entry: WorkspaceModelEntry, models: ModelWorkspace, s: LocatedStatement): StatementLink {
    const location = this.location(models.fileUri(entry, s.file), s.filePath, true);
    return {
      policyType: s.policyType,
      policyName: s.policyName,
      policyKind: s.policyKind,
      effect: s.effect,
      statementIndex: s.statementIndex,
      file: s.file,
      jsonPath: s.filePath,
      ...(s.sid ? { sid: s.sid } : {}),
      ...(location ? { location } : {}),
    };
  }
}

/**
 * The file at a `file:` URI inside one of `roots` (node/safeRead.ts: regular files of at most
 * 16 MB, symbolic links resolved first), or undefined. Other schemes are never read.
 */
export function readDocument(uri: string, roots: readonly string[]): TextDocument | undefined {
  let path: string;
  try {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return undefined;
    path = parsed.fsPath;
  } catch {
    return undefined;
  }
  const read = safeReadFile(path, { roots });
  return read.ok ? TextDocument.create(uri, 'json', 0, read.text) : undefined;
}

export function listPrincipals(entry: WorkspaceModelEntry | undefined, models: ModelWorkspace, links: Links): PrincipalItem[] {
  if (!entry) return [];
  return allPrincipals(entry.model).map((p): PrincipalItem => {
    const account = entry.model.accounts.get(
      p.kind === 'user' ? p.user.account : p.kind === 'role' ? p.role.account : p.kind === 'root' ? p.account : '',
    );
    const base = { account: account?.id ?? '', ...(account?.name ? { accountName: account.name } : {}) };
    if (p.kind === 'user') {
      const location = links.location(models.fileUri(entry, p.user.source.file), p.user.source.path);
      const detail = p.user.groups.length > 0 ? `groups: ${p.user.groups.join(', ')}` : 'no groups';
      return {
        ...base,
        id: p.user.arn,
        kind: 'user',
        name: p.user.name,
        arn: p.user.arn,
        detail: fromTemplate(p.user) + detail,
        ...(location ? { location } : {}),
      };
    }
    if (p.kind === 'role') {
      const location = links.location(models.fileUri(entry, p.role.source.file), p.role.source.path);
      return {
        ...base,
        id: p.role.arn,
        kind: 'role',
        name: p.role.name,
        arn: p.role.arn,
        detail: fromTemplate(p.role) + trustDetail(p.role.trustPolicy),
        ...(location ? { location } : {}),
      };
    }
    const arn = describePrincipal(p);
    return { ...base, id: arn, kind: 'root', name: `root (${base.account})`, arn, detail: 'the account root user' };
  });
}

/** `OrdersFunctionRole in template.yaml · ` for an entity a template defines (found by that name too). */
function fromTemplate(e: { readonly name: string; readonly alias?: string; readonly source: { readonly file: string } }): string {
  if (e.alias === undefined) return '';
  const file = e.source.file.slice(e.source.file.lastIndexOf('/') + 1);
  return `${e.alias !== e.name ? `${e.alias} in ` : ''}${file} · `;
}

function trustDetail(trust: ModelPolicy | undefined): string {
  if (!trust) return 'no trust policy';
  const who = trust.policy.statements.flatMap((s) =>
    s.effect === 'Allow' && s.principal ? [...s.principal.service, ...s.principal.aws, ...s.principal.federated] : [],
  );
  return who.length > 0 ? `trusts: ${who.slice(0, 3).join(', ')}${who.length > 3 ? ', …' : ''}` : 'trust policy';
}

export function listResources(entry: WorkspaceModelEntry | undefined, models: ModelWorkspace, links: Links): ResourceItem[] {
  if (!entry) return [];
  const out: ResourceItem[] = [];
  for (const a of entry.model.accounts.values()) {
    for (const r of a.resources) {
      const location = links.location(models.fileUri(entry, r.source.file), r.source.path);
      out.push({
        arn: r.arn,
        account: r.account,
        kind: 'resource',
        hasPolicy: r.policy !== undefined,
        tags: r.tags,
        ...(location ? { location } : {}),
      });
    }
    for (const r of a.roles.values()) {
      const location = links.location(models.fileUri(entry, r.source.file), r.source.path);
      out.push({
        arn: r.arn,
        account: r.account,
        kind: 'role',
        hasPolicy: r.trustPolicy !== undefined,
        tags: r.tags,
        ...(location ? { location } : {}),
      });
    }
  }
  return out;
}

/** A run (or the result that stopped one) as the protocol's result, every statement linked to its file. */
export function simulationResultItem(
  entry: WorkspaceModelEntry,
  models: ModelWorkspace,
  links: Links,
  run: SimulationRun,
): SimulateAccessResult {
  return {
    modelUri: entry.uri,
    ...(run.principal !== undefined ? { principal: run.principal } : {}),
    entries: run.entries.map((e) => item(entry, models, links, e)),
    errors: run.errors,
    unknownActions: run.unknownActions,
    ...(run.chain ? { chain: run.chain.map((c) => ({ from: c.from, role: c.role, decision: c.decision, summary: c.summary })) } : {}),
    ...(run.cancelled ? { cancelled: true } : {}),
  };
}

export function item(entry: WorkspaceModelEntry, models: ModelWorkspace, links: Links, e: SimulationEntry): SimulationEntryItem {
  return {
    action: e.action,
    resource: e.resource,
    decision: e.decision,
    summary: e.summary,
    context: e.context,
    missingContextKeys: e.missingContextKeys,
    ...(e.blockedBy ? { blockedBy: e.blockedBy } : {}),
    ...(e.crossAccount !== undefined ? { crossAccount: e.crossAccount } : {}),
    decidedBy: e.decidedBy.map((s) => links.statement(entry, models, s)),
    ...(e.policies
      ? {
          policies: e.policies.map((pol, i) => {
            const src = e.policySources?.[i];
            const uri = src ? models.fileUri(entry, src.source.file) : undefined;
            return {
              policyType: pol.policyType,
              policyName: src?.policyName ?? '',
              policyKind: src?.policyKind ?? '',
              file: src?.source.file ?? '',
              ...(pol.level !== undefined ? { level: pol.level } : {}),
              applicable: pol.applicable,
              allows: pol.allows,
              denies: pol.denies,
              statements: pol.statements.map((s) => {
                const location = links.location(uri, [...(src?.source.path ?? []), ...s.path], true);
                return { ...s, ...(location ? { location } : {}) };
              }),
            };
          }),
        }
      : {}),
  };
}
