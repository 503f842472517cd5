/**
 * PUBLIC_ACCESS: a resource-based policy (bucket, key, queue, topic, secret, …) or role trust
 * policy that grants access to callers outside every account, organization, VPC endpoint or
 * source the policy pins — decided by core/reasoning (see public.ts there for AWS's meaning of
 * "public"), with a request that shows it, checked by the evaluator.
 */
import type { Catalog } from '../catalog';
import { parsePolicy } from '../policy/parse';
import { catalogMultiValued, catalogUniverse } from '../reasoning';
import { checkPublicAccess } from '../reasoning/public';
import type { ActionUniverse } from '../reasoning';
import { entryKey, type RequestPrincipal } from '../evaluator/principal';
import type { Statement } from '../policy/types';
import { defineCheck, type CheckInfo } from './registry';
import type { CheckFamily } from './types';
import { CACHES } from '../caches';

/** The codes this module reports. */
export const publicAccessCodes: readonly CheckInfo[] = [
  defineCheck(
    'PUBLIC_ACCESS',
    'security',
    'Public access',
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html',
  ),
];

const universes = CACHES.weak<Catalog, ActionUniverse>('checks.publicAccessUniverses');

function universeOf(catalog: Catalog): ActionUniverse {
  let u = universes.get(catalog);
  if (!u) universes.set(catalog, (u = catalogUniverse(catalog)));
  return u;
}

/**
 * The decision's work budget per validation, in steps (reasoning/budget.ts), never time: past it
 * the answer is `unknown` and the check stays silent — it never reports what it did not prove —
 * and the same document gets the same findings whatever the machine's load. Sized from
 * measurements (issue 13): the resource and trust policies of test/data and examples/ spend at
 * most ~380,000 steps (a Principal `*` statement with `"Action": "*"` costs ~45,000, each action
 * of the expansion being a step); the hostile policies of bench/hostile.bench.ts stop within
 * ~0.1–0.5 s of CPU at this budget.
 */
export const PUBLIC_ACCESS_STEPS = 1_000_000;

/**
 * Whether a statement can grant anything to a caller outside the accounts and services it names:
 * an Allow with NotPrincipal, `*`, or a wildcard or unrecognized principal entry. Named accounts,
 * roles, users, services and federated providers are trusted by definition (public.ts builds the
 * trusted set from them), so a policy without such a statement is not public and needs no search.
 */
function mayGrantOutsiders(s: Statement): boolean {
  if (s.effect !== 'Allow') return false;
  if (s.notPrincipal) return true;
  const p = s.principal;
  if (!p) return false;
  if (p.wildcard) return true;
  const wild = (v: string) => v.includes('*') || v.includes('?');
  return p.aws.some((e) => wild(e) || entryKey(e) === undefined) || [...p.service, ...p.federated, ...p.canonicalUser].some(wild);
}

/** Resource and trust policies that anyone outside the pinned accounts and sources can use. */
export const publicAccessChecks: CheckFamily = (ctx, _statements, out) => {
  if ((ctx.type !== 'resource' && ctx.type !== 'trust') || !ctx.catalog) return;
  const { policy, errors } = parsePolicy(ctx.value);
  if (errors.length > 0 || !policy.statements.some(mayGrantOutsiders)) return;
  const result = checkPublicAccess(policy, {
    type: ctx.type,
    universe: universeOf(ctx.catalog),
    multiValued: catalogMultiValued(ctx.catalog),
    maxSteps: PUBLIC_ACCESS_STEPS,
  });
  const cx = result.counterexamples[0];
  if (result.verdict !== 'new-access' || !cx) return;
  const by = cx.allowedBy[0];
  const st = policy.statements.find((s) => s.index === by?.statementIndex);
  if (!st) return;
  const element = st.principal ? 'Principal' : st.notPrincipal ? 'NotPrincipal' : undefined;
  const q = cx.request;
  const ctxKeys = Object.keys(q.context);
  out.push({
    code: 'PUBLIC_ACCESS',
    path: element ? [...st.path, element] : st.path,
    target: 'key',
    message:
      `This statement grants public access: ${who(q.principal)} can call ${q.action} on ${q.resource}` +
      `${ctxKeys.length ? ` (with ${ctxKeys.map((k) => `${k}=${JSON.stringify(q.context[k])}`).join(', ')})` : ''}. ` +
      'Pin the caller with a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or aws:SourceAccount, or name the principals.',
  });
};

function who(p: string | RequestPrincipal): string {
  if (p === '*') return 'an anonymous caller';
  if (typeof p === 'string') return `a caller outside your accounts (${p})`;
  return `a caller outside your accounts (${p.arn ?? p.service ?? p.provider ?? p.type})`;
}
