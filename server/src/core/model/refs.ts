/**
 * Resolving one policy reference (`RefSpec`) or definition (`PolicyDefSpec`) in the scope of an
 * account or of the organization. A string names, in order: an ARN (AWS managed, customer managed
 * of a model account, or the built-in FullAWSAccess SCP), a file (contains `/` or ends in `.json`),
 * a customer managed policy of the account, or an AWS managed policy by name.
 */
import { isRecord } from '../json';
import { at, baseName, isInlineDocument, type ResolveContext } from './policies';
import type { PolicyDefSpec, RefSpec } from './spec';
import type { ModelPolicy, ModelPolicyKind } from './types';
import { CACHES } from '../caches';

const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };
const BUILT_IN: Readonly<Record<string, unknown>> = { fullawsaccess: FULL_ACCESS, rcpfullawsaccess: RCP_FULL_ACCESS };

/** Named policies visible from where a reference is written. */
export interface RefScope {
  /** Customer managed policies (or organization policies) by lower-case name. */
  readonly named: ReadonlyMap<string, PolicyDefSpec>;
  /** Customer managed policies of every model account, by lower-case ARN. */
  readonly byArn: ReadonlyMap<string, PolicyDefSpec>;
  /** AWS managed policies that came with an import, by lower-case ARN. */
  readonly awsImported: ReadonlyMap<string, PolicyDefSpec>;
  readonly account?: string;
  /** Whether names may refer to the organization built-ins FullAWSAccess/RCPFullAWSAccess. */
  readonly organization?: boolean;
}

/** Parses a definition: its document or the file it names. */
export function resolveDef(ctx: ResolveContext, def: PolicyDefSpec, kind: ModelPolicyKind): ModelPolicy | undefined {
  if (def.fileRef !== undefined) {
    const read = ctx.readJson(def.fileRef, def.at);
    return read && ctx.policy(read.value, def.name, kind, { file: read.path, path: [] }, def.at, def.arn);
  }
  const mp = ctx.policy(def.document, def.name, kind, def.docSource ?? def.at, def.at, def.arn);
  return mp && def.otherVersions ? withVersions(ctx, mp, def, kind) : mp;
}

const versioned = CACHES.weak<ModelPolicy, ModelPolicy>('model.versionedPolicies');

/** The policy with its non-default versions parsed (once; a version that does not parse is left out). */
function withVersions(ctx: ResolveContext, mp: ModelPolicy, def: PolicyDefSpec, kind: ModelPolicyKind): ModelPolicy {
  let hit = versioned.get(mp);
  if (!hit) {
    const versions = (def.otherVersions ?? []).flatMap((v) => {
      const p = ctx.policy(v.document, `${def.name} (version ${v.versionId})`, kind, v.docSource, v.docSource, def.arn);
      return p ? [{ versionId: v.versionId, policy: p.policy, source: v.docSource }] : [];
    });
    versioned.set(mp, (hit = versions.length > 0 ? { ...mp, versions } : mp));
  }
  return hit;
}

/** Resolves a reference; `kind` is what the reference uses the policy as. */
export function resolvePolicyRef(ctx: ResolveContext, spec: RefSpec, kind: ModelPolicyKind, scope: RefScope): ModelPolicy | undefined {
  const ref = spec.ref;
  const name = spec.name ?? `${kind} policy`;
  if (isInlineDocument(ref)) return ctx.policy(ref, name, kind, spec.at, spec.at);
  if (isRecord(ref) && typeof ref['file'] === 'string')
    return resolveDef(ctx, { name: baseName(ref['file']), fileRef: ref['file'], at: at(spec.at, 'file') }, kind);
  if (isRecord(ref) && ref['document'] !== undefined)
    return ctx.policy(ref['document'], name, kind, spec.docAt ?? at(spec.at, 'document'), spec.at);
  if (typeof ref !== 'string' || ref === '') {
    ctx.report('MODEL_INVALID', spec.at, 'A policy reference is a name, an ARN, a file path, { "file": … } or { "document": … }.');
    return undefined;
  }
  if (ref.startsWith('arn:')) return byArn(ctx, ref, spec, kind, scope);
  if (ref.includes('/') || /\.json$/i.test(ref))
    return resolveDef(ctx, { name: baseName(ref), fileRef: ref, at: spec.at }, managedKind(kind));
  const local = scope.named.get(ref.toLowerCase());
  if (local) return resolveDef(ctx, local, managedKind(kind));
  if (scope.organization) {
    const builtIn = BUILT_IN[ref.toLowerCase()];
    if (builtIn) return ctx.policy(builtIn, ref, kind, { file: `aws-managed:${ref}`, path: [] }, spec.at);
  }
  if (!scope.organization) {
    const aws = awsManaged(ctx, `arn:aws:iam::aws:policy/${ref}`, spec, kind, scope, true);
    if (aws) return aws;
  }
  const where = scope.organization ? 'the organization\'s "policies"' : `account ${scope.account ?? ''}'s "policies"`;
  ctx.report(
    'UNKNOWN_POLICY',
    spec.at,
    `Unknown policy '${ref}': not defined in ${where}${scope.organization ? '' : ' nor an AWS managed policy'}.`,
  );
  return undefined;
}

/** Attached managed policies keep their kind; a boundary/SCP/… reference keeps the use. */
function managedKind(kind: ModelPolicyKind): ModelPolicyKind {
  return kind === 'aws-managed' ? 'customer-managed' : kind;
}

function byArn(ctx: ResolveContext, arn: string, spec: RefSpec, kind: ModelPolicyKind, scope: RefScope): ModelPolicy | undefined {
  const lower = arn.toLowerCase();
  if (/^arn:aws[a-z-]*:iam::aws:policy\//.test(lower)) return awsManaged(ctx, arn, spec, kind, scope, false);
  if (/^arn:aws[a-z-]*:organizations::aws:policy\/(service|resource)_control_policy\/p-(rcp)?fullawsaccess$/.test(lower)) {
    return ctx.policy(
      lower.includes('p-rcp') ? RCP_FULL_ACCESS : FULL_ACCESS,
      arn.slice(arn.lastIndexOf('/') + 3),
      kind,
      { file: `aws-managed:${arn}`, path: [] },
      spec.at,
    );
  }
  const def = scope.byArn.get(lower);
  if (def) return resolveDef(ctx, def, kind === 'aws-managed' ? 'customer-managed' : kind);
  ctx.report('UNKNOWN_POLICY', spec.at, `Unknown policy ARN '${arn}': no model account defines it.`);
  return undefined;
}

function awsManaged(
  ctx: ResolveContext,
  arn: string,
  spec: RefSpec,
  kind: ModelPolicyKind,
  scope: RefScope,
  quiet: boolean,
): ModelPolicy | undefined {
  const useKind = kind === 'customer-managed' ? 'aws-managed' : kind;
  const imported = scope.awsImported.get(arn.toLowerCase());
  if (imported) return resolveDef(ctx, imported, useKind);
  const snap = ctx.host.awsManagedPolicy?.(arn);
  if (snap) return ctx.policy(snap.document, snap.name, useKind, { file: `aws-managed:${snap.arn}`, path: [] }, spec.at, snap.arn);
  if (!quiet)
    ctx.report(
      'UNKNOWN_POLICY',
      spec.at,
      `Unknown AWS managed policy '${arn}' (not in the bundled snapshot${ctx.host.awsManagedPolicy ? '' : ', which is not available here'}).`,
    );
  return undefined;
}
