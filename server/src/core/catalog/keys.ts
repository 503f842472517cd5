/**
 * Condition key lookup by name, including variable keys: `aws:RequestTag/Project` resolves to
 * `aws:RequestTag/${TagKey}`, `s3:ExistingObjectTag/env` to `s3:ExistingObjectTag/<key>`,
 * `kms:EncryptionContext:purpose` to `kms:EncryptionContext:${EncryptionContextKey}`.
 * Condition key names are case-insensitive in IAM.
 */
import { compileGlob, type CompiledGlob } from '../wildcard';
import type { ActionInfo, ConditionKeyInfo } from './types';

/** A variable part: `${Name}` (most services) or `<name>` (S3's object tag keys). */
const VARIABLE = /\$\{[^}]*\}|<[^<>]+>/g;

/** True when a key definition has a variable part. */
export function isVariableKey(key: string): boolean {
  VARIABLE.lastIndex = 0;
  return VARIABLE.test(key);
}

interface VariableKey {
  /** Lower-cased text before the first variable: a cheap pre-check. */
  readonly prefix: string;
  readonly glob: CompiledGlob;
  readonly info: ConditionKeyInfo;
}

/** Index over all key definitions. */
export class ConditionKeyIndex {
  private readonly exact = new Map<string, ConditionKeyInfo>();
  /** Longest literal prefix first, so the most specific definition wins. */
  private readonly variables: VariableKey[] = [];

  constructor(keys: readonly ConditionKeyInfo[]) {
    for (const info of keys) {
      this.exact.set(info.key.toLowerCase(), info);
      if (info.variable) this.variables.push(compileVariableKey(info));
    }
    this.variables.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** The definition `name` resolves to: an exact (case-insensitive) match, else a variable key. */
  lookup(name: string): ConditionKeyInfo | undefined {
    const lower = name.toLowerCase();
    const hit = this.exact.get(lower);
    if (hit) return hit;
    for (const v of this.variables) {
      if (lower.startsWith(v.prefix) && v.glob.matches(lower)) return v.info;
    }
    return undefined;
  }

  /** All key names (canonical spelling), for suggestions. */
  names(): IterableIterator<ConditionKeyInfo> {
    return this.exact.values();
  }
}

/**
 * A variable stands for at least one character (`?*`) of a concrete key name; the synthetic
 * `${OidcProvider}` stands for a provider URL, which has a dot (`?*.?*`), so `s3:sub` stays unknown.
 */
function compileVariableKey(info: ConditionKeyInfo): VariableKey {
  const lower = info.key.toLowerCase();
  VARIABLE.lastIndex = 0;
  const first = VARIABLE.exec(lower);
  const prefix = first ? lower.slice(0, first.index) : lower;
  const escaped = lower.replace(/[*?]/g, '?');
  const glob = compileGlob(escaped.replace(VARIABLE, (v) => (v === '${oidcprovider}' ? '?*.?*' : '?*')));
  return { prefix, glob, info };
}

/** Adds every key that applies to the action: its own, its rows' and its resource types'. */
export function addActionKeys(set: Set<ConditionKeyInfo>, a: ActionInfo): void {
  for (const k of a.conditionKeys) set.add(k);
  for (const r of a.resourceTypes) {
    for (const k of r.conditionKeys) set.add(k);
    for (const k of r.resourceType.conditionKeys) set.add(k);
  }
}

/** Whether a key applies to the action (same sources as {@link addActionKeys}). */
export function actionHasKey(a: ActionInfo, key: ConditionKeyInfo): boolean {
  if (a.conditionKeys.includes(key)) return true;
  return a.resourceTypes.some((r) => r.conditionKeys.includes(key) || r.resourceType.conditionKeys.includes(key));
}
