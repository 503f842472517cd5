/**
 * "Does this document grant access its base version does not?" for the editor's code lens: the
 * open document against a base text (git HEAD, read by the client), with the statements
 * responsible mapped to ranges.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import { parsePolicy } from '../core/policy/parse';
import type { PolicyType } from '../core/policyType';
import { catalogMultiValued, catalogUniverse, comparePolicies, type ActionUniverse } from '../core/reasoning';
import type { CompareWithBaseResult } from '../protocol';
import { findingRange } from './diagnostics';
import type { ParsedDocument } from './parse';
import { CACHES } from '../core/caches';

const EMPTY = { Version: '2012-10-17', Statement: [] };
/**
 * The code lens's wall-clock limit (milliseconds) on top of the default step budget: the editor
 * waits for the lens, and a late answer is worse than an `unknown` one. The CLI's `compare` has
 * no clock and answers the same under any load.
 */
export const LENS_COMPARE_TIME_LIMIT_MS = 1_000;
const universes = CACHES.weak<Catalog, ActionUniverse>('compare.actionUniverses');

/** Compares `document` (of `type`) with `baseText` (null: a new file, compared with an empty policy). */
export function compareWithBase(
  catalog: Catalog,
  document: TextDocument,
  parsed: ParsedDocument,
  type: PolicyType,
  baseText: string | null,
): CompareWithBaseResult {
  const base = { policyType: type, counterexamples: [], catalog: catalog.versionLabel };
  const current = readPolicy(document.getText());
  if (typeof current === 'string') return { ...base, verdict: 'invalid', reason: current };
  const old = baseText === null ? readPolicy(JSON.stringify(EMPTY)) : readPolicy(baseText);
  if (typeof old === 'string') return { ...base, verdict: 'unknown', reason: `the base version is not a valid policy (${old})` };
  let universe = universes.get(catalog);
  if (!universe) universes.set(catalog, (universe = catalogUniverse(catalog)));
  const r = comparePolicies(old, current, {
    type,
    universe,
    multiValued: catalogMultiValued(catalog),
    all: true,
    maxCounterexamples: 10,
    maxNodes: 300_000,
    timeLimitMs: LENS_COMPARE_TIME_LIMIT_MS,
  });
  return {
    ...base,
    verdict: r.verdict,
    ...(r.reason ? { reason: r.reason } : {}),
    counterexamples: r.counterexamples.map((x) => ({
      request: { ...x.request, principal: typeof x.request.principal === 'string' ? x.request.principal : { ...x.request.principal } },
      summary: x.summary.replace('of the new version; the old version', 'here; the base version'),
      allowedBy: x.allowedBy.map((s) => ({
        statementIndex: s.statementIndex,
        ...(s.sid ? { sid: s.sid } : {}),
        effect: s.effect,
        range: findingRange(document, parsed.json, { path: s.path, target: 'value' }),
      })),
      baseDeniedBy: x.oldDeniedBy.map((s) => ({ statementIndex: s.statementIndex, ...(s.sid ? { sid: s.sid } : {}) })),
    })),
  };
}

function readPolicy(text: string): ReturnType<typeof parsePolicy>['policy'] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
  }
  const { policy, errors } = parsePolicy(value);
  return errors.length > 0 ? `${errors[0]?.path.join('.') || 'document'}: ${errors[0]?.message}` : policy;
}
