/**
 * "Is this resource policy public?" — decided with the comparison engine. A resource policy is
 * public when it allows some request from a caller outside every account, organization and network
 * the policy pins: anonymous, or a principal of an account the policy does not name, whose
 * caller-describing condition keys (organization, account, VPC, VPC endpoint, source ARN/account,
 * source IP range …) hold none of the fixed values the policy names.
 *
 * This follows AWS's documented meaning: Access Analyzer's zone of trust ("Any principal in the
 * organization or account that you choose for the analyzer is considered trusted",
 * access-analyzer-findings.html) and Amazon S3's definition of a public policy (S3 user guide,
 * "The meaning of 'public'"; PublicAccessBlockConfiguration in the S3 API reference): a policy is
 * not public when it grants only to fixed principals, or only under fixed values of aws:SourceIp
 * (a set of CIDRs), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner,
 * aws:SourceAccount, aws:userid; and Access Analyzer's own organization keys (aws:PrincipalOrgID,
 * aws:PrincipalOrgPaths, aws:PrincipalAccount, aws:PrincipalArn, aws:SourceOrgID,
 * aws:SourceOrgPaths). Values matched only through wildcards (`o-*`) do not pin anyone.
 *
 * Decided as a comparison: the "trusted" requests form a synthetic policy (every named account and
 * service, and every request carrying a fixed value of a pinning key); the policy is public exactly
 * when it allows a request outside that set, and the counterexample shows one.
 */
import type { Policy, PrincipalBlock } from '../policy/types';
import { parsePolicy } from '../policy/parse';
import { comparePolicies, type CompareResult } from './compare';
import type { ActionUniverse } from './dimensions';
import { entryKey } from '../evaluator/principal';

/** Condition keys that pin the caller, with the operators whose fixed values trust a caller. */
export const PINNING_KEYS: readonly string[] = [
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:userid',
  'aws:SourceArn',
  'aws:SourceAccount',
  'aws:SourceOwner',
  'aws:SourceVpc',
  'aws:SourceVpce',
  'aws:SourceOrgID',
  'aws:SourceOrgPaths',
  'aws:SourceIp',
  'kms:CallerAccount',
];

const PINNING = new Set(PINNING_KEYS.map((k) => k.toLowerCase()));

/** Options for {@link checkPublicAccess}. */
export interface PublicAccessOptions {
  readonly type: 'resource' | 'trust';
  readonly universe: ActionUniverse;
  readonly multiValued?: (key: string) => boolean;
  readonly maxNodes?: number;
  /** Work budget in steps (compare.ts `maxSteps`): the answer then never depends on time. */
  readonly maxSteps?: number;
  /** A wall-clock limit in milliseconds on top of the steps (compare.ts `timeLimitMs`; default none). */
  readonly timeLimitMs?: number;
}

/** Whether `policy` grants access outside every pinned account, organization or source. */
export function checkPublicAccess(policy: Policy, options: PublicAccessOptions): CompareResult {
  const trusted = trustedPolicy(policy);
  return comparePolicies(trusted, policy, {
    type: options.type,
    universe: options.universe,
    ...(options.multiValued ? { multiValued: options.multiValued } : {}),
    maxNodes: options.maxNodes ?? 200_000,
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    ...(options.timeLimitMs !== undefined ? { timeLimitMs: options.timeLimitMs } : {}),
  });
}

/** The requests a caller inside the policy's named accounts, services or pinned values makes. */
export function trustedPolicy(policy: Policy): Policy {
  const accounts = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  const canonical = new Set<string>();
  const addBlock = (b: PrincipalBlock | undefined) => {
    if (!b) return;
    for (const e of b.aws) {
      const key = entryKey(e);
      const acct = key?.split(':')[1];
      if (acct) accounts.add(acct);
    }
    for (const s of b.service) services.add(s);
    for (const f of b.federated) federated.add(f);
    for (const c of b.canonicalUser) canonical.add(c);
  };
  const fixed = new Map<string, { key: string; strings: Set<string>; cidrs: Set<string> }>();
  for (const st of policy.statements) {
    addBlock(st.principal);
    addBlock(st.notPrincipal);
    for (const c of st.conditions) {
      const lower = c.key.toLowerCase();
      if (!PINNING.has(lower) || c.values.some((v) => v.includes('${'))) continue;
      let entry = fixed.get(lower);
      if (!entry) fixed.set(lower, (entry = { key: c.key, strings: new Set(), cidrs: new Set() }));
      for (const v of c.values) {
        if (c.base === 'IpAddress' || c.base === 'NotIpAddress') {
          if (narrowCidr(v)) entry.cidrs.add(v);
        } else if (!v.includes('*') && !v.includes('?')) entry.strings.add(v);
      }
    }
  }
  const statements: Record<string, unknown>[] = [];
  const principal: Record<string, string[]> = {};
  if (accounts.size) principal.AWS = [...accounts];
  if (services.size) principal.Service = [...services];
  if (federated.size) principal.Federated = [...federated];
  if (canonical.size) principal.CanonicalUser = [...canonical];
  if (Object.keys(principal).length) statements.push({ Effect: 'Allow', Principal: principal, Action: '*', Resource: '*' });
  for (const { key, strings, cidrs } of fixed.values()) {
    // ARN keys compare through ArnLike in practice; StringEquals on the exact text is the fixed value.
    if (strings.size)
      statements.push({
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringEquals: { [key]: [...strings] } },
      });
    if (cidrs.size)
      statements.push({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { IpAddress: { [key]: [...cidrs] } } });
  }
  return parsePolicy({ Version: '2012-10-17', Statement: statements }).policy;
}

/** A CIDR that limits callers: not 0.0.0.0/0 or ::/0 (every address) and not shorter than /8 (/32 for IPv6). */
function narrowCidr(text: string): boolean {
  const [addr, bits] = text.split('/');
  if (bits === undefined) return true;
  const n = Number(bits);
  return (addr ?? '').includes(':') ? n >= 32 : n >= 8;
}
