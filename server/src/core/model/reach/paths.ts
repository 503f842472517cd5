/**
 * `paths`: escalation paths of the model — from one principal or every user and role, to full
 * administrator or to one principal — over the escalation graph, shortest path per source.
 */
import { findPrincipal } from '../principals';
import type { Model } from '../types';
import { escalationOf, type EscalationPath } from './escalation';
import { reachOf, type ReachOptions } from './reach';

/** Which paths: `from` and `to` are principal names or ARNs; `to` defaults to `admin`. */
export interface PathsInput {
  readonly from?: string;
  readonly to?: string;
}

export interface PathsResult {
  readonly paths: readonly EscalationPath[];
  readonly errors: readonly string[];
}

/** Finds escalation paths (see the file comment). Never throws. */
export function escalationPaths(model: Model, input: PathsInput = {}, options: ReachOptions = {}): PathsResult {
  const reach = reachOf(model, options);
  const graph = escalationOf(reach);
  const key = (text: string): string | { error: string } => {
    const found = findPrincipal(model, text);
    if (!found.ok) return { error: found.message };
    if (found.principal.kind === 'user') return found.principal.user.arn;
    if (found.principal.kind === 'role') return found.principal.role.arn;
    return { error: `'${text}' is not a user or role of the model; paths start and end at users and roles.` };
  };
  const from = input.from !== undefined ? key(input.from) : undefined;
  if (typeof from === 'object') return { paths: [], errors: [from.error] };
  const toText = input.to ?? 'admin';
  const to = toText === 'admin' ? 'admin' : key(toText);
  if (typeof to === 'object') return { paths: [], errors: [to.error] };
  const sources = from !== undefined ? [from] : reach.principals.map((p) => p.key);
  const paths: EscalationPath[] = [];
  for (const s of sources) {
    const p = to === 'admin' ? graph.toAdmin(s) : graph.toPrincipal(s, to);
    if (p) paths.push(p);
  }
  return { paths, errors: [] };
}
