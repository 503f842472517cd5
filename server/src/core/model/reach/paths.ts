/**
 * `paths`: escalation paths of the model — from one principal or every user and role, to full
 * administrator or to one principal — over the escalation graph, shortest path per source.
 */
import { findPrincipal } from '../principals';
import type { Model, PathAssertion } from '../types';
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

/** The outcome of one `noPath` assertion. */
export interface PathAssertionResult {
  readonly assertion: PathAssertion;
  /** Index in the model's `pathAssertions`. */
  readonly index: number;
  readonly passed: boolean;
  /** One line: what holds, or the path that breaks the assertion (or why it cannot run). */
  readonly message: string;
  /** The path that breaks the assertion. */
  readonly path?: EscalationPath;
}

/** Checks every `noPath` assertion of the model. */
export function runPathAssertions(model: Model, options: ReachOptions = {}): PathAssertionResult[] {
  return (model.pathAssertions ?? []).map((assertion, index) => {
    const label = assertion.name ? `'${assertion.name}': ` : '';
    const r = escalationPaths(model, { from: assertion.from, to: assertion.to }, options);
    if (r.errors.length > 0) return { assertion, index, passed: false, message: `${label}cannot run: ${r.errors.join(' ')}` };
    const path = r.paths[0];
    if (!path)
      return { assertion, index, passed: true, message: `${label}no escalation path from ${assertion.from} to ${assertion.to}: holds.` };
    return {
      assertion,
      index,
      passed: false,
      path,
      message: `${label}expected no path from ${assertion.from} to ${assertion.to}, but: ${describePath(path)}`,
    };
  });
}

/** A path in one line: `iam-002 iam:CreateAccessKey on …, then sts-001 sts:AssumeRole on …`. */
export function describePath(p: EscalationPath): string {
  const steps = p.steps.map((s) => `${s.action} on ${s.resource}${s.principal === p.from ? '' : ` (as ${s.principal})`}`).join(', then ');
  return `${p.from} can become ${p.to === 'admin' ? `administrator of ${p.account ?? ''}` : p.to} (${p.methods.join(', ')}): ${steps}.`;
}
