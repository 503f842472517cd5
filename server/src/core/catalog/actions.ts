/**
 * The action name index: every `service:Action` lower-cased in one sorted array, so a typed
 * prefix is a binary-searched range and a wildcard pattern only scans the range of its literal
 * prefix (`ec2:?escribe*` scans ec2's actions, `*:Describe*` scans all 22k with the linear glob).
 * IAM compares action names case-insensitively.
 */
import { compileGlob } from '../wildcard';
import { artifactActionNames, type CatalogArtifact } from './format';

/** Columnar action table, in global sorted order. */
export class ActionTable {
  /** `s3:getobject` */
  readonly lower: string[];
  /** `s3:GetObject` */
  readonly names: string[];
  /** Index of the owning service in the artifact's service list. */
  readonly serviceOf: Uint16Array;
  /** Per service: first action index (end is the next service's start). */
  readonly serviceStart: Uint32Array;
  private byName: Map<string, number> | undefined;
  private locals: string[] | undefined;
  private byLocal: Map<string, number[]> | undefined;

  constructor(artifact: CatalogArtifact) {
    // Two native splits instead of 22k concatenations: load time matters.
    this.names = artifactActionNames(artifact);
    this.lower = artifact.actionNames.toLowerCase().split('\n');
    const services = artifact.services;
    this.serviceStart = new Uint32Array(services.length + 1);
    this.serviceOf = new Uint16Array(this.names.length);
    let start = 0;
    services.forEach((s, si) => {
      this.serviceStart[si] = start;
      this.serviceOf.fill(si, start, start + s[4]);
      start += s[4];
    });
    this.serviceStart[services.length] = start;
    if (start !== this.names.length) throw new Error(`catalog: ${this.names.length} action names for ${start} actions`);
  }

  get size(): number {
    return this.names.length;
  }

  /** Index of an exact action name (any case), or -1. The hash index is built on first use. */
  indexOf(name: string): number {
    if (!this.byName) {
      this.byName = new Map();
      for (let i = 0; i < this.lower.length; i++) this.byName.set(this.lower[i]!, i);
    }
    return this.byName.get(name.toLowerCase()) ?? -1;
  }

  /** The lower-cased action part of action `i` (`getobject`); the list is built on first use. */
  localLower(i: number): string {
    this.locals ??= this.lower.map((l) => l.slice(l.indexOf(':') + 1));
    return this.locals[i]!;
  }

  /** Indexes, in table order, of the actions whose lower-cased action part is `localLower` (in any service). */
  withLocalName(localLower: string): readonly number[] {
    if (!this.byLocal) {
      this.byLocal = new Map();
      for (let i = 0; i < this.lower.length; i++) {
        const local = this.localLower(i);
        const list = this.byLocal.get(local);
        if (list) list.push(i);
        else this.byLocal.set(local, [i]);
      }
    }
    return this.byLocal.get(localLower) ?? [];
  }

  /** Half-open index range of names starting with `prefixLower`. */
  range(prefixLower: string): [number, number] {
    if (prefixLower.length === 0) return [0, this.lower.length];
    // Everything starting with the prefix sorts before prefix + U+FFFF.
    return [this.lowerBound(prefixLower), this.lowerBound(`${prefixLower}\uffff`)];
  }

  /**
   * Calls `fn` with the index of every action matching the glob `pattern` (any case), optionally
   * only within the index range [from, to) (one service's actions).
   */
  forEachMatch(pattern: string, fn: (index: number) => void, from = 0, to = this.lower.length): void {
    const lower = pattern.toLowerCase();
    const cut = firstWildcard(lower);
    if (cut < 0) {
      const i = this.indexOf(lower);
      if (i >= from && i < to) fn(i);
      return;
    }
    const [lo, hi] = this.range(lower.slice(0, cut));
    const glob = compileGlob(lower);
    for (let i = Math.max(lo, from); i < Math.min(hi, to); i++) if (glob.matches(this.lower[i]!)) fn(i);
  }

  private lowerBound(key: string): number {
    let lo = 0;
    let hi = this.lower.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.lower[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function firstWildcard(s: string): number {
  const a = s.indexOf('*');
  const b = s.indexOf('?');
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}
