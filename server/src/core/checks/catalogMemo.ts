/**
 * Memoized catalog questions for the checks. Every keystroke re-runs the checks on a document
 * that is mostly unchanged, and large policies repeat the same patterns, so answers are kept per
 * catalog (bounded: a map is cleared when it grows past its limit). Catalog answers never change
 * for a loaded catalog, so a cached answer is always the current one.
 */
import type { ActionInfo, Catalog, ResourceTypeInfo } from '../catalog';
import { BoundedMemo } from '../memo';
import { CACHES } from '../caches';

const LIMIT = 50_000;

/** The memoized questions. */
export class CatalogMemo {
  private readonly arns = new BoundedMemo<readonly ResourceTypeInfo[]>(LIMIT);
  private readonly own = new BoundedMemo<readonly ResourceTypeInfo[]>(LIMIT);
  private readonly counts = new BoundedMemo<number>(LIMIT);
  private readonly matching = new BoundedMemo<readonly ActionInfo[]>(LIMIT);
  private readonly support = new BoundedMemo<boolean>(LIMIT);
  private readonly expanded = new BoundedMemo<readonly ActionInfo[] | null>(LIMIT);
  private lastArn = '';
  private lastShape = '';

  constructor(readonly catalog: Catalog) {}

  /** `catalog.resourceTypesForArn`: the costliest question (glob-against-template matching per type). */
  resourceTypesForArn(arn: string): readonly ResourceTypeInfo[] {
    return this.resourceTypesForShape(this.catalog.arnShape(arn), arn);
  }

  private resourceTypesForShape(shape: string, arn: string): readonly ResourceTypeInfo[] {
    return this.arns.get(shape, () => this.catalog.resourceTypesForArn(arn));
  }

  /**
   * The resource types an ARN can be, among those of its own namespace (the ARN's third field).
   * Both memos are keyed by the ARN's shape (`Catalog.arnShape`), not its text.
   * A template with a variable namespace (backup's `arn:${Partition}:${Vendor}:…` recovery
   * points) would match ARNs of any service; it counts only for its defining service's ARNs.
   */
  ownResourceTypes(arn: string, namespace: string): readonly ResourceTypeInfo[] {
    // The ARN check and the mismatch check ask about the same ARN one after the other.
    const shape = arn === this.lastArn ? this.lastShape : this.catalog.arnShape(arn);
    this.lastArn = arn;
    this.lastShape = shape;
    return this.own.get(`${namespace}\n${shape}`, () =>
      this.resourceTypesForShape(shape, arn).filter((t) =>
        t.arns.some((template) => {
          const ns = template.split(':')[2]?.toLowerCase() ?? '';
          return ns === namespace || (ns.includes('$') && t.service === namespace);
        }),
      ),
    );
  }

  /** `catalog.countActions`, keyed case-insensitively as actions compare. */
  countActions(pattern: string): number {
    return this.counts.get(pattern.toLowerCase(), () => this.catalog.countActions(pattern));
  }

  /** `catalog.actionsMatching`. */
  actionsMatching(pattern: string): readonly ActionInfo[] {
    return this.matching.get(pattern.toLowerCase(), () => this.catalog.actionsMatching(pattern));
  }

  /** A statement's actions (resourceMatch.ts `statementActions`), null when too broad, by a key of its `Action` list. */
  statementActions(key: string, compute: () => readonly ActionInfo[] | null): readonly ActionInfo[] | null {
    return this.expanded.get(key, compute);
  }

  /** Whether some action named by `pattern` supports condition key `key`. */
  keySupported(key: string, pattern: string): boolean {
    return this.support.get(
      `${key.toLowerCase()}\n${pattern.toLowerCase()}`,
      () => this.catalog.conditionKeySupportForPatterns(key, [pattern]).supported,
    );
  }
}

const memos = CACHES.weak<Catalog, CatalogMemo>('checks.catalogMemos');

/** The memo of a catalog. */
export function memoOf(catalog: Catalog): CatalogMemo {
  let memo = memos.get(catalog);
  if (!memo) memos.set(catalog, (memo = new CatalogMemo(catalog)));
  return memo;
}
