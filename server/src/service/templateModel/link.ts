/**
 * The last step of reading a CloudFormation/SAM template (cloudformation.ts) or a Terraform
 * configuration (terraform.ts) into model entities, one definition for both: the policies that
 * resources of their own attach to roles, users and groups, group memberships, instance profiles,
 * and resource policies set by a separate resource, applied to the entities found.
 */
import type { GroupSpec, PolicyDefSpec, RefSpec, ResourceSpec, RoleSpec, TemplateSpec, UserSpec } from '../../core/model/spec';
import type { SourceLocation } from '../../core/model/types';

/** A policy that a resource of its own attaches to a role, user or group (by name): inline, managed, or both. */
export interface Attachment {
  readonly kind: 'role' | 'user' | 'group';
  readonly name: string;
  readonly inline?: PolicyDefSpec;
  readonly managed?: RefSpec;
}

/** What a reader finds in the resources, before attachments, memberships, profiles and resource policies are applied. */
export interface FoundEntities {
  readonly roles: Map<string, RoleSpec>;
  readonly users: Map<string, UserSpec>;
  readonly groups: Map<string, GroupSpec>;
  readonly policies: PolicyDefSpec[];
  readonly resources: ResourceSpec[];
  readonly memberships: { user: string; group: string; at: SourceLocation }[];
  readonly profiles: { role: string; profile: string }[];
  /** A policy set on the resource with ARN `target` by a separate resource (a bucket policy, …). */
  readonly resourcePolicies: { target: string; ref: RefSpec }[];
}

export type LinkedEntities = Pick<TemplateSpec, 'users' | 'groups' | 'roles' | 'resources' | 'policies'>;

/**
 * `found` with `attached` (in order), memberships, profiles and resource policies applied; the
 * maps of `found` are updated in place. An attachment to a role, user or group that was not found
 * is left out and handed to `leftOut`. A resource policy goes to its resource unless the resource
 * has its own policy; one whose resource was not found becomes a resource of its own.
 */
export function linkEntities(found: FoundEntities, attached: readonly Attachment[], leftOut: (a: Attachment) => void): LinkedEntities {
  const { roles, users, groups } = found;
  const update = <T extends RoleSpec | UserSpec | GroupSpec>(map: Map<string, T>, name: string, f: (e: T) => T): boolean => {
    const e = map.get(name);
    if (e) map.set(name, f(e));
    return e !== undefined;
  };
  for (const x of attached) {
    const add = <T extends RoleSpec | UserSpec | GroupSpec>(e: T): T => ({
      ...e,
      ...(x.inline ? { inline: [...e.inline, x.inline] } : {}),
      ...(x.managed ? { managed: [...e.managed, x.managed] } : {}),
    });
    const ok =
      x.kind === 'role' ? update(roles, x.name, add) : x.kind === 'user' ? update(users, x.name, add) : update(groups, x.name, add);
    if (!ok) leftOut(x);
  }
  for (const m of found.memberships) update(users, m.user, (e) => ({ ...e, groups: [...e.groups, { name: m.group, at: m.at }] }));
  for (const p of found.profiles) update(roles, p.role, (e) => ({ ...e, instanceProfiles: [...(e.instanceProfiles ?? []), p.profile] }));
  const resources = found.resources.map((r) => {
    const extra = found.resourcePolicies.find((p) => p.target === r.arn);
    return extra && !r.policy ? { ...r, policy: extra.ref } : r;
  });
  for (const p of found.resourcePolicies)
    if (!resources.some((r) => r.arn === p.target)) resources.push({ arn: p.target, at: p.ref.at, tags: {}, policy: p.ref });
  return { roles: [...roles.values()], users: [...users.values()], groups: [...groups.values()], policies: found.policies, resources };
}
