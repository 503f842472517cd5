/**
 * Witness values for one condition key: a finite set of request values that meets every region
 * the policies' condition values cut the key's value space into. Strings go through the automata
 * of languages.ts; numbers, dates and IP addresses are ordered, so one value per interval between
 * the policy's constants (and each constant itself) meets every region; Bool and Binary are
 * finite. When one key is compared with operators of more than one family (a string pattern and
 * a number, say), the union of the families' witnesses may miss a region, and the result says so.
 */
import type { ConditionEntry } from '../policy/types';
import { parseCidr, type Cidr } from '../evaluator/ip';
import { parseDate, parseNumber } from '../evaluator/values';
import type { WorkBudget } from './budget';
import { arnLanguage, globLanguage, instantiate, literalLanguage, witnesses, type Language } from './languages';

/** The witness values of a key, and whether they are known to meet every region. */
export interface KeyWitnesses {
  readonly values: readonly string[];
  readonly complete: boolean;
}

type Family = 'string' | 'numeric' | 'date' | 'bool' | 'binary' | 'ip' | 'null';

function familyOf(e: ConditionEntry): Family {
  const b = e.base;
  if (b.startsWith('String') || b.startsWith('Arn')) return 'string';
  if (b.startsWith('Numeric')) return 'numeric';
  if (b.startsWith('Date')) return 'date';
  if (b === 'Bool') return 'bool';
  if (b === 'BinaryEquals') return 'binary';
  if (b === 'IpAddress' || b === 'NotIpAddress') return 'ip';
  return 'null';
}

function stringLanguage(e: ConditionEntry, v: string): Language {
  switch (e.base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return literalLanguage(v);
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return literalLanguage(v, true);
    case 'StringLike':
    case 'StringNotLike':
      return globLanguage(v);
    default:
      return arnLanguage(v, { shortPattern: 'never', segmentEndStar: 'within' });
  }
}

/** Witness values for the entries (all on one key). Always includes the empty string. */
export function keyWitnesses(entries: readonly ConditionEntry[], maxStates?: number, budget?: WorkBudget): KeyWitnesses {
  const families = new Set(entries.map(familyOf));
  families.delete('null');
  const values = new Set<string>(['']);
  let complete = families.size <= 1;
  if (families.has('string')) {
    const langs: Language[] = [];
    const nice: string[] = [];
    for (const e of entries) {
      if (familyOf(e) !== 'string') continue;
      for (const v of e.values) {
        langs.push(stringLanguage(e, v));
        nice.push(e.base.includes('Like') || e.base.startsWith('Arn') ? instantiate(v) : v);
      }
    }
    const w = witnesses(langs, ['example', ...nice], maxStates, budget);
    for (const s of w.bySignature.values()) values.add(s);
    complete &&= w.complete;
  }
  const constants = (f: Family) => entries.filter((e) => familyOf(e) === f).flatMap((e) => e.values);
  if (families.has('numeric')) for (const v of numericWitnesses(constants('numeric'))) values.add(v);
  if (families.has('date')) for (const v of dateWitnesses(constants('date'))) values.add(v);
  if (families.has('bool')) for (const v of ['true', 'false', 'example']) values.add(v);
  if (families.has('binary')) for (const v of [...constants('binary'), 'ZXhhbXBsZQ==']) values.add(v);
  if (families.has('ip')) for (const v of ipWitnesses(constants('ip'))) values.add(v);
  if (families.size === 0) values.add('example');
  return { values: [...values], complete };
}

/** Each constant, a value between each neighbouring pair, one below and one above, one non-number. */
function numericWitnesses(texts: readonly string[]): string[] {
  const ns = [...new Set(texts.map(parseNumber).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  const out = ['example'];
  if (ns.length === 0) return [...out, '0'];
  out.push(String((ns[0] as number) - 1), String((ns[ns.length - 1] as number) + 1));
  ns.forEach((n, i) => {
    out.push(String(n));
    const next = ns[i + 1];
    if (next !== undefined) out.push(String((n + next) / 2));
  });
  return out;
}

function dateWitnesses(texts: readonly string[]): string[] {
  const ms = [...new Set(texts.map(parseDate).filter((n): n is number => n !== undefined))].sort((a, b) => a - b);
  const iso = (t: number) => new Date(t).toISOString();
  const out = ['example'];
  if (ms.length === 0) return [...out, iso(Date.UTC(2026, 0, 1))];
  out.push(iso((ms[0] as number) - 1000), iso((ms[ms.length - 1] as number) + 1000));
  ms.forEach((t, i) => {
    out.push(iso(t));
    const next = ms[i + 1];
    if (next !== undefined && next - t > 1) out.push(iso(t + 1));
  });
  return out;
}

/** Every boundary of every range (its first address and the one after its last), per family. */
function ipWitnesses(texts: readonly string[]): string[] {
  const out = new Set<string>(['example', '192.0.2.1', '2001:db8::1']);
  const ranges = texts.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  for (const v6 of [false, true]) {
    const bits = v6 ? 128n : 32n;
    const max = (1n << bits) - 1n;
    const points = new Set<bigint>([0n]);
    for (const r of ranges) {
      if (r.address.v6 !== v6) continue;
      const host = bits - BigInt(r.prefix);
      const start = (toBig(r.address.groups) >> host) << host;
      const end = start + (1n << host) - 1n;
      points.add(start);
      if (end < max) points.add(end + 1n);
    }
    for (const p of points) out.add(v6 ? formatV6(p) : formatV4(p));
  }
  return [...out];
}

function toBig(groups: readonly number[]): bigint {
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(g);
  return n;
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join('.');
}

function formatV6(n: bigint): string {
  const groups: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
  return groups.join(':');
}
