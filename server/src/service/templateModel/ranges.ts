/**
 * Ranges for JSON paths into a template: the model reports template entities and the statements
 * of template policies by path (`Resources.AppRole.Properties.Policies.0.PolicyDocument.Statement.1`,
 * `resource.aws_iam_role.app`); this maps them to text ranges, through the same policy views the
 * editor checks (so a statement after an `!If` in a statement list is found where it is written).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { PathRanges } from '../modelDiagnostics';
import type { JsonPath } from '../../core/policy/types';
import { hostFor, type HostKind } from '../hosts/registry';
import type { ExtractedPolicy, HostRange, HostValue } from '../hosts/types';
import { entry, parseJsonTemplate, parseYamlTemplate, type CfnNode } from '../hosts/cloudformation/parse';
import { labelPath } from './render';

/** What the model's diagnostics and links need: a range per path. */
export interface Ranges {
  rangeOf(path: JsonPath): Range;
  fullRangeOf(path: JsonPath): Range;
}

/** Ranges for a template (by its host kind) or a JSON file. */
export function rangesFor(document: TextDocument, hosts: readonly HostKind[] = []): Ranges {
  const text = document.getText();
  const host = hostFor(document.uri, text, hosts);
  return host ? new TemplateRanges(document, host) : new PathRanges(document);
}

/** The path of a policy view in its template (`Resources` first in CloudFormation). */
export function policyPath(host: string, p: ExtractedPolicy): (string | number)[] {
  return host === 'cloudformation' ? ['Resources', ...labelPath(p.label)] : labelPath(p.label);
}

class TemplateRanges implements Ranges {
  private readonly policies: { path: (string | number)[]; value: HostValue; range: HostRange }[];
  private readonly root: CfnNode | undefined;
  private readonly blocks: { path: string[]; range: HostRange }[];

  constructor(
    private readonly document: TextDocument,
    host: HostKind,
  ) {
    const text = document.getText();
    let extracted: readonly ExtractedPolicy[] = [];
    try {
      extracted = host.extract(text, document.uri).policies;
    } catch {
      extracted = [];
    }
    this.policies = extracted.map((p) => ({ path: policyPath(host.id, p), value: p.value, range: p.range }));
    const cfn = host.id === 'cloudformation';
    this.root = cfn ? (text.trimStart().startsWith('{') ? parseJsonTemplate(text) : parseYamlTemplate(text)).root : undefined;
    this.blocks = cfn ? [] : terraformBlocks(extracted);
  }

  rangeOf(path: JsonPath): Range {
    const r = this.find(path);
    return this.firstLine(r);
  }

  fullRangeOf(path: JsonPath): Range {
    const r = this.find(path);
    return { start: this.document.positionAt(r.start), end: this.document.positionAt(r.end) };
  }

  private find(path: JsonPath): HostRange {
    let best: { depth: number; value: HostValue } | undefined;
    for (const p of this.policies) {
      if (p.path.length <= path.length && p.path.every((seg, i) => seg === path[i]) && (!best || p.path.length > best.depth))
        best = { depth: p.path.length, value: p.value };
    }
    if (best) return walkValue(best.value, path.slice(best.depth));
    if (this.root) return walkNode(this.root, path);
    // Terraform: an entity is `[type, name]`, a data source `['data', type, name]`; the block of a policy in it stands for it.
    const block = this.blocks.find((b) => b.path.slice(0, path[0] === 'data' ? 3 : 2).every((seg, i) => seg === path[i]));
    return block?.range ?? { start: 0, end: 0 };
  }

  private firstLine(r: HostRange): Range {
    const start = this.document.positionAt(r.start);
    const end = this.document.positionAt(r.end);
    if (end.line === start.line) return { start, end };
    const lineEnd = this.document.offsetAt({ line: start.line + 1, character: 0 }) - 1;
    return { start, end: this.document.positionAt(Math.max(lineEnd, r.start + 1)) };
  }
}

/** The deepest value along `path` (a missing step stops at its parent). */
function walkValue(v: HostValue, path: JsonPath): HostRange {
  let cur = v;
  for (const seg of path) {
    if (cur.kind === 'object' && typeof seg === 'string') {
      const e = cur.entries.find((x) => x.key === seg);
      if (!e) break;
      cur = e.value;
    } else if (cur.kind === 'array' && typeof seg === 'number' && cur.items[seg]) {
      cur = cur.items[seg]!;
    } else break;
  }
  return cur.range;
}

function walkNode(root: CfnNode, path: JsonPath): HostRange {
  let cur = root;
  let keyRange: HostRange | undefined;
  for (const seg of path) {
    if (cur.kind === 'map' && typeof seg === 'string') {
      const e = cur.entries.find((x) => x.key === seg);
      const v = entry(cur, seg);
      if (!e || !v) break;
      keyRange = e.keyRange;
      cur = v;
    } else if (cur.kind === 'seq' && typeof seg === 'number' && cur.items[seg]) {
      cur = cur.items[seg]!;
      keyRange = undefined;
    } else break;
  }
  // A map entry is shown by its key (`AppRole:`), as the model file shows an entry by its name.
  return cur.kind === 'map' && keyRange ? { start: keyRange.start, end: keyRange.end } : cur.range;
}

/** Terraform: each policy's block (`resource.aws_iam_role.app`) by the label's first segments. */
function terraformBlocks(policies: readonly ExtractedPolicy[]): { path: string[]; range: HostRange }[] {
  return policies.map((p) => ({
    path: labelPath(p.label)
      .filter((x): x is string => typeof x === 'string')
      .slice(0, 3),
    range: p.range,
  }));
}
