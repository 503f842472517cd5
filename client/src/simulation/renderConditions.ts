/**
 * The condition parts of an explanation: statements that would have applied but for a condition
 * (which condition, the values compared, the evaluator's reason), and the context keys the
 * request lacked, with a button to supply them. Pure HTML from plain data.
 */
import type { FileLocation, PolicyItem, SimulationEntryItem } from '../../../server/src/protocol';
import { escapeHtml, statementLabel } from './html';

/** Makes a link to a file location (registers it and returns the anchor). */
export type LinkFn = (loc: FileLocation | undefined, text: string) => string;

/** The evaluator's condition result, as it arrives over JSON. */
interface ConditionView {
  readonly operator: string;
  readonly key: string;
  readonly policyValues?: readonly string[];
  readonly requestValues?: readonly string[];
  readonly result: boolean;
  readonly reason: string;
}

/** A statement whose action, resource and principal matched but whose conditions did not hold. */
interface BlockedStatement {
  readonly policy: PolicyItem;
  readonly statement: PolicyItem['statements'][number];
  readonly failed: readonly ConditionView[];
}

const matched = (m: unknown): boolean =>
  m === undefined || (typeof m === 'object' && m !== null && (m as { matched?: unknown }).matched === true);

/** Statements held back only by their conditions. */
export function blockedByConditions(policies: readonly PolicyItem[] | undefined): BlockedStatement[] {
  const out: BlockedStatement[] = [];
  for (const policy of policies ?? []) {
    for (const statement of policy.statements) {
      const conditions = Array.isArray(statement.conditions) ? (statement.conditions as ConditionView[]) : [];
      const failed = conditions.filter((c) => c.result === false);
      if (failed.length > 0 && matched(statement.action ?? {}) && matched(statement.resource) && matched(statement.principal))
        out.push({ policy, statement, failed });
    }
  }
  return out;
}

/** "Statements whose conditions did not hold", each linked, with the failed conditions. */
export function failedConditions(e: SimulationEntryItem, link: LinkFn): string {
  const blocked = blockedByConditions(e.policies);
  if (blocked.length === 0) return '';
  const items = blocked.map((b) => {
    const s = b.statement as { sid?: unknown; statementIndex?: unknown; effect?: unknown };
    const label = statementLabel({
      policyName: b.policy.policyName || b.policy.policyType,
      statementIndex: typeof s.statementIndex === 'number' ? s.statementIndex : 0,
      ...(typeof s.sid === 'string' ? { sid: s.sid } : {}),
    });
    const effect = s.effect === 'Deny' ? 'Deny' : 'Allow';
    const conds = b.failed.map(
      (c) => `<li><code>${escapeHtml(c.operator)}</code> <code>${escapeHtml(c.key)}</code>: ${escapeHtml(c.reason)}${values(c)}</li>`,
    );
    return `<li><span class="effect ${effect}">${effect}</span> ${link(b.statement.location, label)}<ul>${conds.join('')}</ul></li>`;
  });
  return `<h3>Statements whose conditions did not hold</h3><ul class="conditions">${items.join('')}</ul>`;
}

function values(c: ConditionView): string {
  const policy = (c.policyValues ?? []).map(escapeHtml).join(', ');
  const request = c.requestValues === undefined ? '<em>missing</em>' : c.requestValues.map(escapeHtml).join(', ') || '<em>empty</em>';
  return ` <span class="muted">(policy: ${policy || '—'}; request: ${request})</span>`;
}

/** The context keys the request lacked, and a button to supply them and re-run. */
export function missingKeys(keys: readonly string[], _index: number): string {
  if (keys.length === 0) return '';
  const list = keys.map((k) => `<code>${escapeHtml(k)}</code>`).join(', ');
  return `<h3>Missing context keys</h3><p>${list} <button type="button" data-context="${escapeHtml(keys.join(' '))}">Provide values and re-run</button></p>`;
}
