/**
 * The organization: the root and OUs with their SCPs and RCPs. An account's SCP levels are the
 * root, each OU from the top down, then the account itself (reference_policies_evaluation-logic.md:
 * every level must allow). A level that lists no SCPs has FullAWSAccess, the policy AWS attaches
 * by default; RCPFullAWSAccess is always attached to every level and cannot be detached, so listed
 * RCPs only add restrictions.
 */
import type { ResolveContext } from './policies';
import { resolvePolicyRef, type RefScope } from './refs';
import type { OrganizationSpec, OrgLevelSpec } from './spec';
import type { ModelOrganization, ModelPolicy, OrgLevel } from './types';

/** Resolves the organization's levels and their policy references. */
export function resolveOrganization(ctx: ResolveContext, spec: OrganizationSpec, scope: RefScope): ModelOrganization {
  const level = (l: OrgLevelSpec): OrgLevel => ({
    name: l.name,
    ...(l.id ? { id: l.id } : {}),
    ...(l.parent ? { parent: l.parent.name } : {}),
    scps: l.scps.map((r) => resolvePolicyRef(ctx, r, 'scp', scope)).filter((p): p is ModelPolicy => p !== undefined),
    rcps: l.rcps.map((r) => resolvePolicyRef(ctx, r, 'rcp', scope)).filter((p): p is ModelPolicy => p !== undefined),
  });
  const ous = new Map(spec.ous.map((o) => [o.name, level(o)]));
  for (const o of spec.ous) {
    if (o.parent && o.parent.name !== 'Root' && !ous.has(o.parent.name))
      ctx.report('UNKNOWN_OU', o.parent.at, `Unknown parent OU '${o.parent.name}'.`);
  }
  for (const p of spec.policies)
    resolvePolicyRef(ctx, { ref: p.fileRef !== undefined ? { file: p.fileRef } : { document: p.document }, at: p.at }, 'scp', scope);
  return {
    ...(spec.id ? { id: spec.id } : {}),
    ...(spec.managementAccount ? { managementAccount: spec.managementAccount } : {}),
    root: level(spec.root),
    ous,
  };
}

/** OU names from the top down to `ou` (a cycle or unknown parent ends the walk). */
export function ouPathOf(org: ModelOrganization, ou: string): string[] {
  const path: string[] = [];
  const seen = new Set<string>();
  let current: string | undefined = ou;
  while (current !== undefined && current !== 'Root' && org.ous.has(current) && !seen.has(current)) {
    seen.add(current);
    path.unshift(current);
    current = org.ous.get(current)?.parent;
  }
  return path;
}

/** The organization levels above an account, root first, then its OUs. */
export function levelsOf(org: ModelOrganization, ouPath: readonly string[]): OrgLevel[] {
  return [org.root, ...ouPath.map((n) => org.ous.get(n)).filter((l): l is OrgLevel => l !== undefined)];
}
