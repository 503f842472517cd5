/**
 * What a position in a model file refers to, from the text alone (no `vscode`, tested with plain
 * strings): a group name, a policy reference (a policy name of the account, an AWS managed policy
 * or a file), a file path, a principal, a resource or an action of an access test. The editor
 * features (completion, go to definition) decide what to offer from the slot.
 */
import { getLocation, findNodeAtLocation, parseTree, type Node, type Segment } from 'jsonc-parser';

/** The kinds of values a model file references. */
export type SlotKind = 'group' | 'policy' | 'file' | 'principal' | 'resource' | 'action' | 'ou';

/** A string value at the cursor and what it refers to. */
export interface Slot {
  readonly kind: SlotKind;
  /** JSON path of the value. */
  readonly path: readonly Segment[];
  /** The account entry index for account-scoped names (groups, policies). */
  readonly account?: number;
  /** The string's text so far and its content range (offsets, quotes excluded). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** Path patterns → slot kinds; `#` is any index, `*` any key. First match wins. */
const PATTERNS: readonly (readonly [string, SlotKind])[] = [
  ['accounts/#/users/*/groups/#', 'group'],
  ['accounts/#/*/*/policies/#', 'policy'],
  ['accounts/#/*/*/permissionsBoundary', 'policy'],
  ['accounts/#/roles/*/trustPolicy', 'policy'],
  ['accounts/#/*/*/inlinePolicies/*', 'file'],
  ['accounts/#/policies/*', 'file'],
  ['accounts/#/resources/#/policy', 'policy'],
  ['accounts/#/ou', 'ou'],
  ['organization/root/scps/#', 'policy'],
  ['organization/root/rcps/#', 'policy'],
  ['organization/ous/*/scps/#', 'policy'],
  ['organization/ous/*/rcps/#', 'policy'],
  ['organization/ous/*/parent', 'ou'],
  ['organization/policies/*', 'file'],
  ['imports/#', 'file'],
  ['tests/#/principal', 'principal'],
  ['tests/#/resource', 'resource'],
  ['tests/#/resource/#', 'resource'],
  ['tests/#/action', 'action'],
  ['tests/#/action/#', 'action'],
];

function matches(pattern: string, path: readonly Segment[]): boolean {
  const parts = pattern.split('/');
  return (
    parts.length === path.length &&
    parts.every((p, i) => (p === '#' ? typeof path[i] === 'number' : p === '*' ? typeof path[i] === 'string' : p === path[i]))
  );
}

/** The slot kind of a value at `path` (a `{ "file": … }` object counts as a file). */
export function slotKind(path: readonly Segment[]): SlotKind | undefined {
  if (path[path.length - 1] === 'file') return 'file';
  return PATTERNS.find(([p]) => matches(p, path))?.[1];
}

/** The slot at `offset` when it is inside (or right after the opening quote of) a string value. */
export function slotAt(text: string, offset: number): Slot | undefined {
  const location = getLocation(text, offset);
  const node = location.previousNode;
  if (location.isAtPropertyKey || !node || node.type !== 'string' || offset <= node.offset || offset > node.offset + node.length)
    return undefined;
  const kind = slotKind(location.path);
  if (!kind) return undefined;
  const raw = text.slice(node.offset + 1, node.offset + node.length);
  const closed = raw.endsWith('"') && node.length >= 2;
  const end = node.offset + 1 + (closed ? raw.length - 1 : raw.length);
  const account = location.path[0] === 'accounts' && typeof location.path[1] === 'number' ? location.path[1] : undefined;
  return {
    kind,
    path: location.path,
    value: String(node.value ?? ''),
    start: node.offset + 1,
    end,
    ...(account !== undefined ? { account } : {}),
  };
}

/** The names an account defines: its groups and its customer managed policies (by name). */
export function accountNames(text: string, account: number): { readonly groups: string[]; readonly policies: string[] } {
  const root = parseTree(text);
  const keys = (n: Node | undefined) =>
    n?.type === 'object'
      ? (n.children ?? []).flatMap((p) => (typeof p.children?.[0]?.value === 'string' ? [p.children[0].value as string] : []))
      : [];
  return {
    groups: root ? keys(findNodeAtLocation(root, ['accounts', account, 'groups'])) : [],
    policies: root ? keys(findNodeAtLocation(root, ['accounts', account, 'policies'])) : [],
  };
}

/** Names of the organization's OUs and its SCPs/RCPs by name. */
export function organizationNames(text: string): { readonly ous: string[]; readonly policies: string[] } {
  const root = parseTree(text);
  const keys = (path: Segment[]) => {
    const n = root ? findNodeAtLocation(root, path) : undefined;
    return n?.type === 'object' ? (n.children ?? []).map((p) => String(p.children?.[0]?.value ?? '')) : [];
  };
  return { ous: keys(['organization', 'ous']), policies: keys(['organization', 'policies']) };
}

/**
 * Where a name in a slot is defined in the same file, as offsets of the property key: a group
 * entry, a policy of the account (or of the organization), an OU. Undefined for files and others.
 */
export function nameDefinition(text: string, slot: Slot): { readonly start: number; readonly end: number } | undefined {
  const root = parseTree(text);
  if (!root) return undefined;
  const candidates: Segment[][] = [];
  if (slot.kind === 'group' && slot.account !== undefined) candidates.push(['accounts', slot.account, 'groups', slot.value]);
  if (slot.kind === 'policy' && slot.account !== undefined) candidates.push(['accounts', slot.account, 'policies', slot.value]);
  if (slot.kind === 'policy' && slot.path[0] === 'organization') candidates.push(['organization', 'policies', slot.value]);
  if (slot.kind === 'ou') candidates.push(['organization', 'ous', slot.value]);
  for (const path of candidates) {
    const key = findNodeAtLocation(root, path)?.parent?.children?.[0];
    if (key) return { start: key.offset, end: key.offset + key.length };
  }
  return undefined;
}

/** Whether a policy reference names a file rather than a policy (the model's rule: a `/` or a `.json` ending). */
export function looksLikeFile(value: string): boolean {
  return !value.startsWith('arn:') && (value.includes('/') || value.toLowerCase().endsWith('.json'));
}

/**
 * A model-relative file path resolved against the model's folder (posix paths), or undefined when
 * it is absolute or climbs out of `root` (references must stay inside the workspace).
 */
export function resolveInside(root: string, modelDir: string, ref: string): string | undefined {
  if (ref.startsWith('/') || /^[A-Za-z]:/.test(ref) || ref.includes('\\')) return undefined;
  const parts = modelDir.split('/').filter((p) => p !== '');
  for (const seg of ref.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  const joined = `/${parts.join('/')}`;
  const base = root.endsWith('/') ? root.slice(0, -1) : root;
  return joined === base || joined.startsWith(`${base}/`) ? joined : undefined;
}

/** `to` relative to the folder `fromDir` (posix paths), e.g. `policies/a.iam.json` or `../x.json`. */
export function relativePath(fromDir: string, to: string): string {
  const a = fromDir.split('/').filter((p) => p !== '');
  const b = to.split('/').filter((p) => p !== '');
  let i = 0;
  while (i < a.length && i < b.length - 1 && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}
