/**
 * File naming and what each workspace file is used as in a model (for the language service's
 * `policyTypeOf(uri)` hook: a file used as a permissions boundary is validated as one, a trust
 * policy as a resource policy with `sts:AssumeRole`, an SCP as an SCP, …).
 */
import type { Model, ModelPolicy, ModelPolicyKind } from './types';

/** Whether a file name follows the model convention: `*.iam-model.json` or `iam-model.json`. */
export function isModelFileName(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1).toLowerCase();
  return name === 'iam-model.json' || name.endsWith('.iam-model.json');
}

/** Workspace-relative policy file path → the kinds it is used as (in first-use order). */
export function policyUses(model: Model): Map<string, ModelPolicyKind[]> {
  const out = new Map<string, ModelPolicyKind[]>();
  const add = (p: ModelPolicy | undefined) => {
    if (!p || p.source.file.startsWith('aws-managed:') || p.source.file.startsWith('assumption:') || p.source.path.length > 0) return;
    const kinds = out.get(p.source.file) ?? [];
    if (!kinds.includes(p.kind)) kinds.push(p.kind);
    out.set(p.source.file, kinds);
  };
  for (const a of model.accounts.values()) {
    for (const e of [...a.users.values(), ...a.groups.values(), ...a.roles.values()]) e.policies.forEach(add);
    for (const u of a.users.values()) add(u.permissionsBoundary);
    for (const r of a.roles.values()) {
      add(r.permissionsBoundary);
      add(r.trustPolicy);
    }
    a.resources.forEach((r) => add(r.policy));
    a.scps.forEach(add);
    a.rcps.forEach(add);
  }
  const org = model.organization;
  if (org) for (const l of [org.root, ...org.ous.values()]) [...l.scps, ...l.rcps].forEach(add);
  for (const t of model.tests) add(t.sessionPolicy);
  return out;
}
