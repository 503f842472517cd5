/**
 * Extracted policies that moved: a keystroke before a policy shifts its text without changing it.
 * An extractor that caches its results relative to where they start (the CloudFormation host does,
 * per resource) hands back a moved copy, whose ranges are shifted when first read, and records
 * what it was moved from: the language service then re-uses the earlier policy's view (its tree
 * is relative to the document's start) instead of building it again.
 */
import { CACHES } from '../../core/caches';
import type { ExtractedPolicy, HostRange, HostValue, SymbolicPart } from './types';

/** A moved policy → the policy it is a copy of, and by how much it moved. */
const moves = CACHES.weak<ExtractedPolicy, { readonly from: ExtractedPolicy; readonly by: number }>('hosts.movedPolicies');

/** What `policy` was moved from, if it is a moved copy. */
export function movedFrom(policy: ExtractedPolicy): { readonly from: ExtractedPolicy; readonly by: number } | undefined {
  return moves.get(policy);
}

/** `policy` moved by `by` characters (the same object when `by` is 0). */
export function movePolicy(policy: ExtractedPolicy, by: number): ExtractedPolicy {
  if (by === 0) return policy;
  const { value: _value, range, blocks, embedded, ...rest } = policy;
  let value: HostValue | undefined;
  const moved: ExtractedPolicy = Object.defineProperty(
    {
      ...rest,
      range: shiftRange(range, by),
      ...(blocks ? { blocks: blocks.map((b) => ({ ...b, range: shiftRange(b.range, by) })) } : {}),
      ...(embedded ? { embedded: { ...embedded, origin: embedded.origin + by } } : {}),
    },
    'value',
    { enumerable: true, get: () => (value ??= shiftValue(policy.value, by)) },
  ) as ExtractedPolicy;
  moves.set(moved, { from: policy, by });
  return moved;
}

export function shiftRange(r: HostRange, by: number): HostRange {
  return by === 0 ? r : { start: r.start + by, end: r.end + by };
}

function shiftPart(p: string | SymbolicPart, by: number): string | SymbolicPart {
  return typeof p === 'string' ? p : { ...p, range: shiftRange(p.range, by) };
}

/** The value with every range moved by `by`. */
export function shiftValue(v: HostValue, by: number): HostValue {
  const range = shiftRange(v.range, by);
  switch (v.kind) {
    case 'object':
      return {
        ...v,
        range,
        // `...e`: an entry's other facts (a key known only at deployment) move with it.
        entries: v.entries.map((e) => ({ ...e, keyRange: shiftRange(e.keyRange, by), value: shiftValue(e.value, by) })),
      };
    case 'array':
      return { ...v, range, items: v.items.map((i) => shiftValue(i, by)) };
    case 'symbolic':
      return {
        ...v,
        range,
        parts: v.parts.map((p) => shiftPart(p, by)),
        ...(v.segments ? { segments: v.segments.map((g) => ({ ...g, range: shiftRange(g.range, by) })) } : {}),
      };
    default:
      return { ...v, range };
  }
}
