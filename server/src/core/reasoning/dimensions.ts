/**
 * Builds the search dimensions for a list of statements: the action universe split by the
 * statements' Action/NotAction lists, resources split by their Resource/NotResource patterns,
 * principals by their Principal/NotPrincipal blocks, and each condition key by its operators and
 * values. Every atom is decided by the evaluator's own matchers on a concrete witness, so the
 * search and the evaluator cannot disagree on what a region means; the automata only make sure
 * that every region has a witness.
 */
import type { ConditionEntry, Policy, PrincipalBlock, Statement } from '../policy/types';
import { compileArnPattern } from '../evaluator/arn';
import { compileCondition, evaluateCondition, type CompiledCondition } from '../evaluator/conditionEval';
import { buildContext, type ContextMap, type RequestContextInput } from '../evaluator/context';
import { OPERATORS, type Comparator } from '../evaluator/operators';
import { matchNotPrincipal, matchPrincipal } from '../evaluator/principal-match';
import { entryKey, identitiesOf, principalFromArn, type RequestPrincipal } from '../evaluator/principal';
import { arnLanguage, instantiate, witnesses, type Witnesses } from './languages';
import type { Choice, Dimension, Leaf } from './search';
import { keyWitnesses } from './values';
import type { WorkBudget } from './budget';
import { actionIndex } from './actionIndex';

/** A statement together with the policy it belongs to (the version decides variables). */
export interface PlacedStatement {
  readonly policy: Policy;
  readonly statement: Statement;
}

/** The action universe: the catalog's actions and a pattern expander. */
export interface ActionUniverse {
  /** Canonical names of the actions a pattern matches (case-insensitive, as IAM matches actions). */
  expand(pattern: string): readonly string[];
  /** Every action of the universe. */
  all(): readonly string[];
}

/** The dimensions, and whether their witnesses are known to meet every region. */
export interface Dimensions {
  readonly dims: Dimension<unknown>[];
  readonly complete: boolean;
  /** Why not complete, for "unknown" answers. */
  readonly gaps: string[];
}

/** Options for {@link buildDimensions}. */
export interface DimensionOptions {
  readonly universe: ActionUniverse;
  /** Restricts the action universe (RCPs only see the services they apply to). */
  readonly actionFilter?: (action: string) => boolean;
  /** Whether Principal/NotPrincipal take part (resource-like policies). */
  readonly withPrincipal: boolean;
  /** The principal used when no principal dimension exists. */
  readonly defaultPrincipal: RequestPrincipal;
  /** The resource used when no statement constrains resources. */
  readonly defaultResource: string;
  /** Keys the catalog declares multivalued (lower case). */
  readonly multiValued: (key: string) => boolean;
  /** What a condition key (lower case) can hold in a request, when more is known than "anything". */
  readonly keyDomain?: (key: string) => KeyDomain | undefined;
  /** Only principals this accepts are choices of the principal dimension. */
  readonly principalFilter?: (p: RequestPrincipal) => boolean;
  /** Accounts the stand-in principal of "any other account" must not use. */
  readonly reservedAccounts?: readonly string[];
  /** The work the witness walks may spend (budget.ts); once it is spent they are incomplete. */
  readonly budget?: WorkBudget;
  /**
   * Resource witnesses already walked, by their ordered patterns, kept by a caller that builds
   * dimensions many times over the same resource patterns (a never-assertion: one search per
   * principal). Only complete walks are kept; a walk found here costs no steps.
   */
  readonly resourceWitnesses?: Map<string, Witnesses>;
  /**
   * Keys (lower case) whose values the principal determines (`aws:PrincipalArn`, …), with the
   * values a principal carries. Conditions on them are decided in the principal dimension, so a
   * principal and its keys never disagree; principals that realize the conditions' values are
   * added, and a region of these keys no principal realizes is reported as a gap.
   */
  readonly principalKeys?: { readonly keys: readonly string[]; readonly values: (p: RequestPrincipal) => RequestContextInput };
}

/**
 * What a condition key can hold: one fixed value (`undefined`: absent), as the model states it for
 * the principal or resource; or any value, restricted to valid ones (`valid`) and to present ones
 * (`present`: every real request carries the key), with `sample` as the value when no witness is valid.
 */
export type KeyDomain =
  { readonly fixed: KeyValue } | { readonly present?: boolean; readonly valid?: (value: string) => boolean; readonly sample?: string };

/** Builds every dimension for `placed`. */
export function buildDimensions(placed: readonly PlacedStatement[], o: DimensionOptions): Dimensions {
  const gaps: string[] = [];
  const dims: Dimension<unknown>[] = [actionDimension(placed, o, gaps)];
  const resource = resourceDimension(placed, gaps, o.budget, o.resourceWitnesses);
  if (resource) dims.push(resource);
  if (o.withPrincipal) {
    const principal = principalDimension(placed, o, gaps);
    if (principal) dims.push(principal);
  }
  const skip = new Set(o.withPrincipal ? (o.principalKeys?.keys ?? []) : []);
  for (const d of conditionDimensions(placed, o, gaps, skip)) dims.push(d);
  return { dims, complete: gaps.length === 0, gaps };
}

function dedupe<V>(name: string, n: number, constrains: Uint8Array, raw: readonly Choice<V>[]): Dimension<V> {
  const seen = new Set<string>();
  const choices: Choice<V>[] = [];
  for (const c of raw) {
    const key = c.truth.join('');
    if (seen.has(key)) continue;
    seen.add(key);
    choices.push(c);
  }
  return { name, choices, constrains: constrains.length === n ? constrains : new Uint8Array(n) };
}

/**
 * The action dimension: one choice per set of statements that name an action (refined statement
 * by statement over index arrays, actionIndex.ts), its witness the first such action in the order
 * the statements name them; then the first action of the universe no statement names.
 */
function actionDimension(placed: readonly PlacedStatement[], o: DimensionOptions, gaps: string[]): Dimension<string> {
  const n = placed.length;
  const keep = o.actionFilter;
  const index = actionIndex(o.universe);
  // The kept actions each statement names, in the order it names them (no repeats).
  const named: Int32Array[] = [];
  let spent = false;
  for (const { statement: st } of placed) {
    const lists: Int32Array[] = [];
    for (const p of st.action ?? st.notAction ?? []) {
      const expanded = index.expand(p);
      // One step per action an expansion yields; once the budget is spent the rest is left out.
      if (spent || (o.budget && !o.budget.spend(expanded.length))) {
        spent = true;
        break;
      }
      lists.push(expanded);
    }
    named.push(concatDistinct(lists));
  }
  const names = index.names;
  const size = names.length;
  const kept = new Int8Array(size); // 0: not asked yet, 1: kept, 2: filtered out
  const isKept = (i: number): boolean => {
    if (kept[i] === 0) kept[i] = !keep || keep(names[i] as string) ? 1 : 2;
    return kept[i] === 1;
  };
  // Partition refinement: actions named by the same statements share a class (0: named by none).
  const cls = new Int32Array(size);
  const order: number[] = [];
  const listedAt = new Uint8Array(size);
  let classes = 1;
  const remap: number[] = [0];
  const remapBy: number[] = [-1];
  named.forEach((list, s) => {
    for (const i of list) {
      if (!isKept(i)) continue;
      if (listedAt[i] === 0) {
        listedAt[i] = 1;
        order.push(i);
      }
      const old = cls[i] as number;
      if (remapBy[old] !== s) {
        remapBy[old] = s;
        remap[old] = classes;
        remapBy[classes] = -1;
        classes++;
      }
      cls[i] = remap[old] as number;
    }
  });
  // One choice per class, in the order its first action was named.
  const choiceOf = new Int32Array(classes).fill(-1);
  const values: string[] = [];
  for (const i of order) {
    const c = cls[i] as number;
    if ((choiceOf[c] as number) < 0) {
      choiceOf[c] = values.length;
      values.push(names[i] as string);
    }
  }
  const truths = values.map(() => new Uint8Array(n));
  named.forEach((list, s) => {
    for (const i of list) {
      if (kept[i] !== 1) continue;
      (truths[choiceOf[cls[i] as number] as number] as Uint8Array)[s] = 1;
    }
  });
  const raw: Choice<string>[] = [];
  const negate = (t: Uint8Array): Uint8Array => {
    placed.forEach(({ statement: st }, s) => {
      if (st.notAction) t[s] = t[s] ? 0 : 1;
    });
    return t;
  };
  values.forEach((value, k) => raw.push({ value, truth: negate(truths[k] as Uint8Array) }));
  for (let i = 0; i < index.base; i++) {
    const a = names[i] as string;
    if (listedAt[i] === 0 && (!keep || keep(a))) {
      raw.push({ value: a, truth: negate(new Uint8Array(n)) });
      break;
    }
  }
  if (spent) gaps.push('action lists: more than the work limit');
  return dedupe('action', n, new Uint8Array(n).fill(1), raw);
}

/** The lists' items in order, each once. */
function concatDistinct(lists: readonly Int32Array[]): Int32Array {
  if (lists.length === 1) return lists[0] as Int32Array;
  const seen = new Set<number>();
  for (const list of lists) for (const i of list) seen.add(i);
  return Int32Array.from(seen);
}

function resourceDimension(
  placed: readonly PlacedStatement[],
  gaps: string[],
  budget?: WorkBudget,
  memo?: Map<string, Witnesses>,
): Dimension<string> | undefined {
  const n = placed.length;
  const constrains = new Uint8Array(n);
  const patterns = new Set<string>();
  placed.forEach(({ statement: st }, s) => {
    const list = st.resource ?? st.notResource;
    if (!list) return;
    constrains[s] = 1;
    for (const r of list) patterns.add(r);
  });
  if (patterns.size === 0) return undefined;
  const texts = [...patterns];
  const key = JSON.stringify(texts);
  let w = memo?.get(key);
  if (!w) {
    const langs = texts.map((t) => arnLanguage(t, { ignoreCasePrefix: true }));
    w = witnesses(langs, texts.map(instantiate), undefined, budget);
    if (w.complete) memo?.set(key, w);
  }
  if (!w.complete) gaps.push(`resource patterns: more than the state or work limit (${texts.length} patterns)`);
  const matchers = placed.map(({ statement: st }) =>
    (st.resource ?? st.notResource ?? []).map((r) => compileArnPattern(r, { ignoreCasePrefix: true })),
  );
  // Each witness is matched against every pattern: one step per pattern and witness.
  const values = [...w.bySignature.values()];
  if (budget && !budget.spend(values.length * texts.length)) {
    gaps.push(`resource patterns: more than the work limit (${texts.length} patterns)`);
    values.length = Math.min(values.length, 1);
  }
  const raw = values.map((value): Choice<string> => {
    const truth = new Uint8Array(n).fill(1);
    placed.forEach(({ statement: st }, s) => {
      if (!constrains[s]) return;
      const hit = (matchers[s] ?? []).some((m) => m.matches(value));
      truth[s] = (st.notResource ? !hit : hit) ? 1 : 0;
    });
    return { value, truth };
  });
  return dedupe('resource', n, constrains, raw);
}

const FRESH_ACCOUNTS = ['999988887777', '999977776666', '888877776666'];

function principalCandidates(blocks: readonly PrincipalBlock[], reserved: readonly string[] = []): RequestPrincipal[] {
  const used = new Set<string>(reserved);
  for (const b of blocks) for (const e of b.aws) for (const m of e.matchAll(/\d{12}/g)) used.add(m[0]);
  const fresh = FRESH_ACCOUNTS.find((a) => !used.has(a)) ?? freshAccount(used);
  const out: RequestPrincipal[] = [
    { type: 'user', arn: `arn:aws:iam::${fresh}:user/example`, account: fresh },
    { type: 'anonymous' },
    { type: 'service', service: 'example.amazonaws.com' },
  ];
  // The user first: principals that statements cannot tell apart are merged into the first, and the
  // root user cannot do everything a user can (it cannot assume a role: evaluator/rules.ts).
  const inAccount = (acct: string, partition = 'aws') => {
    out.push({ type: 'user', arn: `arn:${partition}:iam::${acct}:user/example`, account: acct });
    out.push({ type: 'root', arn: `arn:${partition}:iam::${acct}:root`, account: acct });
    out.push({
      type: 'assumed-role',
      arn: `arn:${partition}:sts::${acct}:assumed-role/example/session`,
      roleArn: `arn:${partition}:iam::${acct}:role/example`,
      account: acct,
    });
    out.push({
      type: 'federated-user',
      arn: `arn:${partition}:sts::${acct}:federated-user/example`,
      userArn: `arn:${partition}:iam::${acct}:user/example`,
      account: acct,
    });
  };
  for (const b of blocks) {
    for (const e of b.aws) {
      const key = entryKey(e);
      if (!key) continue;
      const [kind, acct] = key.split(':') as [string, string];
      const partition = /^arn:([^:]+):/.exec(e)?.[1] ?? 'aws';
      inAccount(acct, partition);
      if (kind === 'user') {
        out.push({ type: 'user', arn: e, account: acct });
        out.push({ type: 'federated-user', arn: `arn:${partition}:sts::${acct}:federated-user/example`, userArn: e, account: acct });
      } else if (kind === 'role') {
        const name = e.slice(e.lastIndexOf('/') + 1);
        out.push({ type: 'role', arn: e, roleArn: e, account: acct });
        out.push({ type: 'assumed-role', arn: `arn:${partition}:sts::${acct}:assumed-role/${name}/session`, roleArn: e, account: acct });
      } else if (kind === 'session') {
        const name = e.split('/')[1] ?? 'example';
        out.push({ type: 'assumed-role', arn: e, roleArn: `arn:${partition}:iam::${acct}:role/${name}`, account: acct });
      } else if (kind === 'federated') {
        out.push({ type: 'federated-user', arn: e, account: acct });
      }
    }
    for (const s of b.service) out.push({ type: 'service', service: s });
    for (const f of b.federated) out.push({ type: f.includes(':saml-provider/') ? 'saml' : 'web-identity', provider: f });
    for (const c of b.canonicalUser) out.push({ type: 'anonymous', canonicalUser: c });
  }
  return out;
}

/** A 12-digit account id none of `used` is. */
function freshAccount(used: ReadonlySet<string>): string {
  for (let n = 999966665555; ; n--) if (!used.has(String(n))) return String(n);
}

function principalDimension(
  placed: readonly PlacedStatement[],
  o: DimensionOptions,
  gaps: string[],
): Dimension<RequestPrincipal> | undefined {
  const n = placed.length;
  const constrains = new Uint8Array(n);
  const blocks: PrincipalBlock[] = [];
  const pk = o.principalKeys;
  const keySet = new Set(pk?.keys ?? []);
  const keyed: { s: number; key: string; c: CompiledCondition }[] = [];
  placed.forEach(({ policy, statement: st }, s) => {
    const b = st.principal ?? st.notPrincipal;
    if (b) {
      constrains[s] = 1;
      blocks.push(b);
    }
    for (const e of st.conditions) {
      const key = e.key.toLowerCase();
      if (!keySet.has(key)) continue;
      constrains[s] = 1;
      keyed.push({ s, key, c: compileCondition(e, policy.version === '2012-10-17') });
    }
  });
  if (!constrains.includes(1)) return undefined;
  const keep = o.principalFilter ?? (() => true);
  const every = [...principalCandidates(blocks, o.reservedAccounts), ...keyedCandidates(keyed, o.reservedAccounts)];
  let candidates = every.filter(keep);
  // Each candidate is matched against every principal entry and keyed condition: one step each.
  const entries = blocks.reduce((sum, b) => sum + b.aws.length + b.service.length + b.federated.length + b.canonicalUser.length, 0);
  if (o.budget && !o.budget.spend(candidates.length * (entries + keyed.length + 1))) {
    gaps.push('principals: more than the work limit');
    candidates = candidates.slice(0, 1);
  }
  const contexts = candidates.map((p) => buildContext(pk ? pk.values(p) : undefined));
  const raw = candidates.map((p, i): Choice<RequestPrincipal> => {
    const ids = identitiesOf(p);
    const truth = new Uint8Array(n).fill(1);
    placed.forEach(({ statement: st }, s) => {
      if (st.principal) truth[s] = matchPrincipal(st.principal, p, ids).matched ? 1 : 0;
      else if (st.notPrincipal) truth[s] = matchNotPrincipal(st.notPrincipal, st.effect, p, ids).matched ? 1 : 0;
    });
    for (const { s, c } of keyed) if (!evaluateCondition(c, contexts[i] as ContextMap).result) truth[s] = 0;
    return { value: p, truth };
  });
  // Every region of each principal key's values that a request can carry must be met by some
  // candidate (before the filter); a region none of them realizes may hold principals the search
  // does not know.
  const everyContext = keyed.length > 0 ? every.map((p) => buildContext(pk ? pk.values(p) : undefined)) : [];
  for (const key of new Set(keyed.map((k) => k.key))) {
    const entries = keyed.filter((k) => k.key === key);
    const signature = (ctx: ContextMap) => entries.map(({ c }) => (evaluateCondition(c, ctx).result ? '1' : '0')).join('');
    const realized = new Set(everyContext.map(signature));
    const w = keyWitnesses(
      entries.map((e) => e.c.entry),
      undefined,
      o.budget,
    );
    const needed = [undefined, ...w.values].map((v) => signature(buildContext(v === undefined ? undefined : { [key]: v })));
    if (!w.complete || needed.some((sig) => !realized.has(sig)))
      gaps.push(`condition key ${entries[0]?.c.entry.key}: a range of its values no principal known to the search carries`);
  }
  return dedupe('principal', n, constrains, raw);
}

/** Principals that carry the values conditions on principal keys name (an ARN pattern's instance, an account, a service). */
function keyedCandidates(keyed: readonly { key: string; c: CompiledCondition }[], reserved: readonly string[] = []): RequestPrincipal[] {
  const fresh = FRESH_ACCOUNTS.find((a) => !reserved.includes(a)) ?? freshAccount(new Set(reserved));
  const out: RequestPrincipal[] = [];
  for (const { key, c } of keyed) {
    for (const raw of c.entry.values) {
      if (raw.includes('${')) continue;
      const v = instantiate(raw);
      if (key === 'aws:principalaccount' && /^\d{12}$/.test(v))
        out.push(
          { type: 'user', arn: `arn:aws:iam::${v}:user/example`, account: v },
          { type: 'root', arn: `arn:aws:iam::${v}:root`, account: v },
        );
      else if (key === 'aws:principalservicename') out.push({ type: 'service', service: v });
      else if (key === 'aws:username') out.push({ type: 'user', arn: `arn:aws:iam::${fresh}:user/${v}`, account: fresh });
      else if (key === 'aws:principalarn') {
        const parts = v.split(':');
        if (parts.length >= 6 && !/^\d{12}$/.test(parts[4] ?? '')) parts[4] = fresh;
        const p = principalFromArn(parts.join(':'));
        if (p?.type === 'role' && p.arn && p.account) {
          const name = p.arn.slice(p.arn.lastIndexOf('/') + 1);
          out.push({
            type: 'assumed-role',
            arn: `arn:aws:sts::${p.account}:assumed-role/${name}/session`,
            roleArn: p.arn,
            account: p.account,
          });
        } else if (p) out.push(p);
      }
    }
  }
  return out;
}

/** A condition key's value in a request: absent (undefined), one value, or several. */
export type KeyValue = string | readonly string[] | undefined;

function conditionDimensions(
  placed: readonly PlacedStatement[],
  o: DimensionOptions,
  gaps: string[],
  skip: ReadonlySet<string>,
): Dimension<KeyValue>[] {
  const n = placed.length;
  const byKey = new Map<string, { key: string; entries: { s: number; c: CompiledCondition }[] }>();
  placed.forEach(({ policy, statement: st }, s) => {
    for (const e of st.conditions) {
      const k = e.key.toLowerCase();
      if (skip.has(k)) continue;
      let group = byKey.get(k);
      if (!group) byKey.set(k, (group = { key: e.key, entries: [] }));
      group.entries.push({ s, c: compileCondition(e, policy.version === '2012-10-17') });
    }
  });
  const out: Dimension<KeyValue>[] = [];
  for (const [lower, { key, entries }] of byKey) {
    const constrains = new Uint8Array(n);
    for (const { s } of entries) constrains[s] = 1;
    const multi = o.multiValued(lower) || entries.some((e) => e.c.entry.setOperator !== undefined);
    const domain = o.keyDomain?.(lower);
    let values: KeyValue[];
    if (domain && 'fixed' in domain) values = [domain.fixed];
    else {
      const w = keyWitnesses(
        entries.map((e) => e.c.entry),
        undefined,
        o.budget,
      );
      if (!w.complete) gaps.push(`condition key ${key}: values of more than one operator family`);
      const valid = domain?.valid ?? (() => true);
      const singles = w.values.filter(valid);
      if (singles.length === 0 && domain?.sample !== undefined) singles.push(domain.sample);
      if (multi) {
        const sets = valueSets(
          entries.map((e) => e.c.entry),
          singles,
        );
        if (!sets.complete) gaps.push(`condition key ${key}: too many combinations of values`);
        values = [...(domain?.present ? [] : [undefined]), ...sets.lists];
      } else values = [...(domain?.present ? [] : [undefined]), ...singles];
    }
    // Each value is evaluated against every entry on the key: one step each.
    if (o.budget && !o.budget.spend(values.length * entries.length)) {
      gaps.push(`condition key ${key}: more than the work limit`);
      values = values.slice(0, 1);
    }
    const raw = values.map((value): Choice<KeyValue> => {
      const ctx = buildContext(value === undefined ? undefined : ({ [key]: value } as RequestContextInput));
      const truth = new Uint8Array(n).fill(1);
      for (const { s, c } of entries) if (!evaluateCondition(c, ctx).result) truth[s] = 0;
      return { value, truth };
    });
    out.push(dedupe(`condition ${key}`, n, constrains, raw));
  }
  return out;
}

/**
 * The value lists a multivalued key can carry, one per distinct outcome. Each entry's outcome on a
 * list depends only on whether some value, and whether every value, matches one of its policy
 * values (and on whether all values are empty strings), so the lists are the closure of the single
 * values under union, computed on those summaries.
 */
function valueSets(entries: readonly ConditionEntry[], singles: readonly string[], cap = 512): { lists: string[][]; complete: boolean } {
  const comparators = entries.map((e) =>
    e.base === 'Null' ? [] : e.values.map((v) => OPERATORS[e.base as Exclude<typeof e.base, 'Null'>].compile(v)),
  );
  const summary = (v: string) =>
    comparators.map((cs) => (cs.some((c: Comparator | undefined) => c !== undefined && c(v)) ? '1' : '0')).join('');
  type S = { any: string; all: string; empty: boolean; list: string[] };
  const keyOf = (s: S) => `${s.any}/${s.all}/${s.empty ? 1 : 0}`;
  const states = new Map<string, S>();
  for (const v of singles) {
    const m = summary(v);
    const s: S = { any: m, all: m, empty: v === '', list: [v] };
    if (!states.has(keyOf(s))) states.set(keyOf(s), s);
  }
  let frontier = [...states.values()];
  const base = [...states.values()];
  while (frontier.length > 0) {
    const next: S[] = [];
    for (const a of frontier) {
      for (const b of base) {
        const any = [...a.any].map((x, i) => (x === '1' || b.any[i] === '1' ? '1' : '0')).join('');
        const all = [...a.all].map((x, i) => (x === '1' && b.all[i] === '1' ? '1' : '0')).join('');
        const s: S = { any, all, empty: a.empty && b.empty, list: [...a.list, ...b.list] };
        const k = keyOf(s);
        if (states.has(k)) continue;
        if (states.size >= cap) return { lists: [...states.values()].map((x) => x.list), complete: false };
        states.set(k, s);
        next.push(s);
      }
    }
    frontier = next;
  }
  return { lists: [...states.values()].map((x) => x.list), complete: true };
}

/**
 * The request a leaf of the search makes: each dimension's chosen value (the action, the resource,
 * the principal, and condition keys, a key left out where its choice is "absent"), and
 * `defaults` for the resource and principal where they are not dimensions.
 */
export function leafRequest<P extends RequestPrincipal | undefined>(
  leaf: Leaf,
  dims: readonly Dimension<unknown>[],
  defaults: { readonly resource: string; readonly principal: P },
): { principal: P | RequestPrincipal; action: string; resource: string; context: Record<string, string | readonly string[]> } {
  let action = '';
  let resource = defaults.resource;
  let principal: P | RequestPrincipal = defaults.principal;
  const context: Record<string, string | readonly string[]> = {};
  dims.forEach((d, i) => {
    const value = d.choices[leaf.picks[i] ?? 0]?.value;
    if (d.name === 'action') action = value as string;
    else if (d.name === 'resource') resource = value as string;
    else if (d.name === 'principal') principal = value as RequestPrincipal;
    else if (value !== undefined) context[d.name.slice('condition '.length)] = value as Exclude<KeyValue, undefined>;
  });
  return { principal, action, resource, context };
}
