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
import type { RequestPrincipal } from '../evaluator/principal';
import { registerCheck } from './registry';
import type { CheckFamily } from './types';

registerCheck('PUBLIC_ACCESS', 'security', 'Public access', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html');

const universes = new WeakMap<Catalog, ActionUniverse>();

function universeOf(catalog: Catalog): ActionUniverse {
  let u = universes.get(catalog);
  if (!u) universes.set(catalog, (u = catalogUniverse(catalog)));
  return u;
}

/** Resource and trust policies that anyone outside the pinned accounts and sources can use. */
export const publicAccessChecks: CheckFamily = (ctx, _statements, out) => {
  if ((ctx.type !== 'resource' && ctx.type !== 'trust') || !ctx.catalog) return;
  const { policy, errors } = parsePolicy(ctx.value);
  if (errors.length > 0 || !policy.statements.some((s) => s.effect === 'Allow' && (s.principal || s.notPrincipal))) return;
  const result = checkPublicAccess(policy, { type: ctx.type, universe: universeOf(ctx.catalog), multiValued: catalogMultiValued(ctx.catalog) });
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
    message: `This statement grants public access: ${who(q.principal)} can call ${q.action} on ${q.resource}`
      + `${ctxKeys.length ? ` (with ${ctxKeys.map((k) => `${k}=${JSON.stringify(q.context[k])}`).join(', ')})` : ''}. `
      + 'Pin the caller with a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceVpce, aws:SourceArn or aws:SourceAccount, or name the principals.',
  });
};

function who(p: string | RequestPrincipal): string {
  if (p === '*') return 'an anonymous caller';
  if (typeof p === 'string') return `a caller outside your accounts (${p})`;
  return `a caller outside your accounts (${p.arn ?? p.service ?? p.provider ?? p.type})`;
}
