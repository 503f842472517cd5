/**
 * Matching `Principal` and `NotPrincipal` blocks against the request principal.
 *
 * NotPrincipal with Deny: "AWS might validate the account first, then the role, and then the
 * assumed-role user" (reference_policies_elements_notprincipal.md), so the deny is lifted only when
 * *every* identity in the chain (account, user or role, session) is named; naming only the user
 * still denies, as the page warns. NotPrincipal with Allow applies to anyone the block does not match.
 *
 * NotPrincipal with Deny always applies to an IAM user or role that has a permissions boundary:
 * "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
 * permissions boundary policy attached, regardless of the values specified in the NotPrincipal
 * element" (IAM User Guide, "Permissions boundaries for IAM entities" and "AWS JSON policy
 * elements: NotPrincipal", current pages read 2026-12-03; not in the 2023 copies).
 */
import type { Effect, PrincipalBlock } from '../policy/types';
import { entryKey, type IdentityKey, type PrincipalIdentities, type PrincipalMatchKind, type RequestPrincipal } from './principal';
import { CACHES } from '../caches';

interface CompiledBlock {
  readonly wildcard: boolean;
  /** Identity key → the entry text that named it. */
  readonly keys: ReadonlyMap<IdentityKey, string>;
  readonly raw: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonical: ReadonlySet<string>;
  /** The answers naming an entry of `keys`, by kind and entry: made once, shared (never mutated). */
  readonly named: Map<string, PrincipalMatch>;
}

/** The result of matching a block. */
export interface PrincipalMatch {
  readonly matched: boolean;
  readonly kind?: PrincipalMatchKind;
  /** The entry that matched (or, for NotPrincipal, a sentence on why the statement applies). */
  readonly by?: string;
}

const cache = CACHES.weak<PrincipalBlock, CompiledBlock>('evaluator.principalBlocks');

function compile(block: PrincipalBlock): CompiledBlock {
  let c = cache.get(block);
  if (c) return c;
  const keys = new Map<IdentityKey, string>();
  for (const e of block.aws) {
    const k = entryKey(e);
    if (k && !keys.has(k)) keys.set(k, e);
  }
  c = {
    wildcard: block.wildcard,
    keys,
    raw: new Set(block.aws),
    // "Service principals are unique and case-sensitive" (IAM API Reference, CreateServiceLinkedRole,
    // AWSServiceName, read 2026-12-03): compared as written.
    services: new Set(block.service),
    federated: new Set(block.federated),
    canonical: new Set(block.canonicalUser),
    named: new Map(),
  };
  cache.set(block, c);
  return c;
}

const NO: PrincipalMatch = { matched: false };

/** `"Principal": "*"` (one shared answer: answers are never mutated). */
const ANYONE: PrincipalMatch = Object.freeze({ matched: true, kind: 'direct', by: '*' });

/** NotPrincipal with Deny and a principal that has a permissions boundary (see the file comment). */
const BOUNDARY_DENY: PrincipalMatch = Object.freeze({
  matched: true,
  kind: 'direct',
  by: 'NotPrincipal with Deny denies every principal that has a permissions boundary, whatever it names',
});

/** Whether a `Principal` block names the request principal, and how directly. */
export function matchPrincipal(block: PrincipalBlock, p: RequestPrincipal, ids: PrincipalIdentities): PrincipalMatch {
  const c = compile(block);
  if (c.wildcard) return ANYONE;
  const other = matchNonAws(c, p);
  if (other) return other;
  if (p.uniqueId && c.raw.has(p.uniqueId)) return { matched: true, kind: ids.entity?.kind ?? 'direct', by: p.uniqueId };
  // Most direct first: the session, the user or role, the federating user, then the account. The
  // account ARN "does not limit permissions to only the root user" — it delegates to the account
  // (reference_policies_elements_principal.md); for the root user itself it is direct. Tried one by
  // one, not from a list of pairs: this runs per request for each resource-policy statement.
  const keys = c.keys;
  let by: string | undefined;
  if (ids.session !== undefined && (by = keys.get(ids.session)) !== undefined) return named(c, 'direct', by);
  const entity = ids.entity;
  if (entity !== undefined && (by = keys.get(entity.key)) !== undefined) return named(c, entity.kind, by);
  if (ids.federatingUser !== undefined && (by = keys.get(ids.federatingUser)) !== undefined) return named(c, 'federating-user', by);
  if (ids.account !== undefined && (by = keys.get(ids.account)) !== undefined)
    return named(c, p.type === 'root' ? 'direct' : 'account', by);
  return NO;
}

function named(c: CompiledBlock, kind: PrincipalMatchKind, by: string): PrincipalMatch {
  const key = `${kind} ${by}`;
  let m = c.named.get(key);
  if (m === undefined) c.named.set(key, (m = { matched: true, kind, by }));
  return m;
}

function matchNonAws(c: CompiledBlock, p: RequestPrincipal): PrincipalMatch | undefined {
  if (p.type === 'service' && p.service && c.services.has(p.service)) return { matched: true, kind: 'direct', by: p.service };
  if ((p.type === 'web-identity' || p.type === 'saml') && p.provider && c.federated.has(p.provider))
    return { matched: true, kind: 'direct', by: p.provider };
  if (p.canonicalUser && c.canonical.has(p.canonicalUser)) return { matched: true, kind: 'direct', by: p.canonicalUser };
  return undefined;
}

/**
 * Whether a statement with this `NotPrincipal` block applies to the request principal.
 * `boundary`: the principal is an IAM user or role (or a session of one) with a permissions
 * boundary attached.
 */
export function matchNotPrincipal(
  block: PrincipalBlock,
  effect: Effect,
  p: RequestPrincipal,
  ids: PrincipalIdentities,
  boundary = false,
): PrincipalMatch {
  const c = compile(block);
  if (c.wildcard) return NO;
  if (effect === 'Allow') {
    const m = matchPrincipal(block, p, ids);
    return m.matched ? NO : { matched: true, kind: 'direct', by: 'not named in NotPrincipal' };
  }
  if (boundary) return BOUNDARY_DENY;
  const unnamed = unnamedIdentity(c, p, ids);
  return unnamed === undefined ? NO : { matched: true, kind: 'direct', by: `NotPrincipal does not name ${unnamed}` };
}

/** The first identity in the principal's chain that the block does not name, if any. */
function unnamedIdentity(c: CompiledBlock, p: RequestPrincipal, ids: PrincipalIdentities): string | undefined {
  if (p.type === 'anonymous') return 'anonymous principals';
  if (matchNonAws(c, p)) return undefined;
  if (p.type === 'service' || p.type === 'web-identity' || p.type === 'saml') return p.service ?? p.provider ?? p.type;
  const chain: [IdentityKey | undefined, string][] = [
    [ids.account, `the account ${ids.account?.slice('account:'.length) ?? ''}`],
    [ids.entity?.key, `the ${p.type === 'user' ? 'user' : 'role'} ${p.type === 'user' ? (p.arn ?? '') : (p.roleArn ?? '')}`],
    [ids.session, `the session ${p.arn ?? ''}`],
  ];
  for (const [key, label] of chain) {
    if (key !== undefined && !c.keys.has(key) && !(p.uniqueId && c.raw.has(p.uniqueId))) return label.trim();
  }
  return undefined;
}
