/**
 * The "Simulate Access" result view as HTML, from a result object: a pure function (no `vscode`)
 * so it is tested with plain data. Everything that comes from files or the model (names, ARNs,
 * Sids, condition values) is escaped; links are indexes into {@link RenderedView.links}, so the
 * webview never hands the extension a path to open.
 */
import type { FileLocation, SimulateAccessResult, SimulationEntryItem, StatementLink } from '../../../server/src/protocol';
import { classToken, escapeHtml, statementLabel } from './html';
import { failedConditions, missingKeys, type LinkFn } from './renderConditions';

export { escapeHtml } from './html';

/** What the view shows above the table: the question that was asked. */
export interface RenderRequest {
  readonly principal: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
}

/** Webview specifics: the CSP source and a fresh nonce per render. */
export interface RenderOptions {
  readonly nonce: string;
  readonly cspSource: string;
  /** Entries with a full explanation (the table always shows all). */
  readonly maxDetails?: number;
}

/** The page and the file locations its `data-link` indexes refer to. */
export interface RenderedView {
  readonly html: string;
  readonly links: readonly FileLocation[];
}

const DECISION_LABEL: Record<SimulationEntryItem['decision'], string> = {
  Allowed: 'Allowed',
  ExplicitDeny: 'Explicit deny',
  ImplicitDeny: 'Implicit deny',
  Error: 'Error',
};

/** Renders the whole page. */
/** The label of a decision; a value outside the enum is shown escaped, as sent. */
function decisionLabel(decision: string): string {
  return Object.hasOwn(DECISION_LABEL, decision)
    ? DECISION_LABEL[decision as SimulationEntryItem['decision']]
    : escapeHtml(String(decision));
}

export function renderResult(result: SimulateAccessResult, request: RenderRequest, options: RenderOptions): RenderedView {
  const links: FileLocation[] = [];
  const link = (loc: FileLocation | undefined, text: string) => linkHtml(links, loc, text);
  const body = [
    header(result, request),
    notices(result),
    chain(result),
    matrix(result.entries),
    details(result.entries, options.maxDetails ?? 300, link),
  ].join('\n');
  return { html: page(body, options), links };
}

function page(body: string, o: RenderOptions): string {
  const csp = `default-src 'none'; style-src ${o.cspSource} 'nonce-${o.nonce}'; script-src 'nonce-${o.nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Simulate Access</title>
<style nonce="${o.nonce}">${STYLE}</style></head>
<body>
${body}
<script nonce="${o.nonce}">${SCRIPT}</script>
</body></html>`;
}

function header(result: SimulateAccessResult, request: RenderRequest): string {
  const counts = countDecisions(result.entries);
  const tally = (['Allowed', 'ExplicitDeny', 'ImplicitDeny', 'Error'] as const)
    .filter((d) => counts[d] > 0)
    .map((d) => `<span class="badge ${d}">${counts[d]} ${DECISION_LABEL[d]}</span>`)
    .join(' ');
  const ctx = Object.entries(request.context ?? {}).map(
    ([k, v]) => `<code>${escapeHtml(k)}=${escapeHtml(Array.isArray(v) ? v.join(',') : String(v))}</code>`,
  );
  return `<header>
<h1>Simulate access: <span class="principal">${escapeHtml(result.principal ?? request.principal)}</span></h1>
<p class="question">${escapeHtml(request.actions.join(', '))} on ${escapeHtml((request.resources.length > 0 ? request.resources : ['*']).join(', '))}</p>
${ctx.length > 0 ? `<p class="context">Context: ${ctx.join(' ')}</p>` : ''}
<p class="tally">${tally || 'No requests evaluated.'} <button id="rerun" type="button">Re-run</button></p>
</header>`;
}

function countDecisions(entries: readonly SimulationEntryItem[]): Record<SimulationEntryItem['decision'], number> {
  const counts = { Allowed: 0, ExplicitDeny: 0, ImplicitDeny: 0, Error: 0 };
  for (const e of entries) counts[e.decision]++;
  return counts;
}

function notices(result: SimulateAccessResult): string {
  const lines = [
    ...result.errors.map((e) => `<li class="error">${escapeHtml(e)}</li>`),
    ...(result.cancelled
      ? [`<li class="warning">Cancelled: ${result.entries.length} request(s) evaluated before the stop are shown.</li>`]
      : []),
    ...(result.unknownActions.length > 0
      ? [
          `<li class="warning">Not in the AWS catalog (evaluated as written): ${result.unknownActions.map((a) => `<code>${escapeHtml(a)}</code>`).join(', ')}</li>`,
        ]
      : []),
  ];
  return lines.length > 0 ? `<ul class="notices">${lines.join('')}</ul>` : '';
}

function chain(result: SimulateAccessResult): string {
  if (!result.chain || result.chain.length === 0) return '';
  const steps = result.chain.map(
    (c) =>
      `<li><span class="badge ${classToken(c.decision)}">${escapeHtml(c.decision)}</span> ${escapeHtml(c.from)} → ${escapeHtml(c.role)}: ${escapeHtml(c.summary)}</li>`,
  );
  return `<section><h2>Role chain</h2><ol class="chain">${steps.join('')}</ol></section>`;
}

/** Actions as rows, resources as columns; each cell jumps to its explanation. */
function matrix(entries: readonly SimulationEntryItem[]): string {
  if (entries.length === 0) return '';
  const actions = unique(entries.map((e) => e.action));
  const resources = unique(entries.map((e) => e.resource));
  const index = new Map(entries.map((e, i) => [`${e.action}\u0000${e.resource}`, i]));
  const head = resources.map((r) => `<th scope="col"><code>${escapeHtml(r)}</code></th>`).join('');
  const rows = actions.map((a) => {
    const cells = resources.map((r) => {
      const i = index.get(`${a}\u0000${r}`);
      const e = i === undefined ? undefined : entries[i];
      return e
        ? `<td class="cell ${classToken(e.decision)}"><a href="#entry-${i}" title="${escapeHtml(e.summary)}">${decisionLabel(e.decision)}</a></td>`
        : '<td></td>';
    });
    return `<tr><th scope="row"><code>${escapeHtml(a)}</code></th>${cells.join('')}</tr>`;
  });
  return `<table class="matrix"><thead><tr><th>Action \\ Resource</th>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function details(entries: readonly SimulationEntryItem[], max: number, link: LinkFn): string {
  const shown = entries.slice(0, max).map((e, i) => entryDetails(e, i, link));
  const more =
    entries.length > max
      ? `<p class="warning">Explanations of the first ${max} of ${entries.length} requests are shown; narrow the actions or resources to see the rest.</p>`
      : '';
  return `<section class="details"><h2>Explanations</h2>${shown.join('\n')}${more}</section>`;
}

function entryDetails(e: SimulationEntryItem, i: number, link: LinkFn): string {
  const parts = [
    `<p class="summary">${escapeHtml(e.summary)}</p>`,
    e.blockedBy ? `<p>Blocked by: <strong>${escapeHtml(e.blockedBy)}</strong> policies (none allowed).</p>` : '',
    e.crossAccount ? '<p>Cross-account request: both the identity side and the resource policy must allow.</p>' : '',
    decidedBy(e.decidedBy, link),
    failedConditions(e, link),
    missingKeys(e.missingContextKeys, i),
    contextTable(e.context),
  ];
  return `<details id="entry-${i}" class="entry"${i === 0 ? ' open' : ''}><summary><span class="badge ${classToken(e.decision)}">${decisionLabel(e.decision)}</span> <code>${escapeHtml(e.action)}</code> on <code>${escapeHtml(e.resource)}</code></summary>
${parts.filter((p) => p !== '').join('\n')}</details>`;
}

/** The request context used (derived from the model, plus what was supplied), folded. */
function contextTable(context: SimulationEntryItem['context']): string {
  const rows = Object.entries(context).map(
    ([k, v]) =>
      `<tr><td><code>${escapeHtml(k)}</code></td><td><code>${escapeHtml(Array.isArray(v) ? v.join(', ') : String(v))}</code></td></tr>`,
  );
  if (rows.length === 0) return '';
  return `<details class="context"><summary>Request context (${rows.length} keys)</summary><table class="context">${rows.join('')}</table></details>`;
}

function decidedBy(statements: readonly StatementLink[], link: LinkFn): string {
  if (statements.length === 0) return '<p>No statement matched.</p>';
  const items = statements.map(
    (s) =>
      `<li><span class="effect ${classToken(s.effect)}">${escapeHtml(s.effect)}</span> ${link(s.location, statementLabel(s))} <span class="muted">${escapeHtml(s.policyKind || s.policyType)} · ${escapeHtml(s.file)}</span></li>`,
  );
  return `<h3>Decided by</h3><ul class="statements">${items.join('')}</ul>`;
}

function linkHtml(links: FileLocation[], loc: FileLocation | undefined, text: string): string {
  if (!loc) return `<span>${escapeHtml(text)}</span>`;
  links.push(loc);
  return `<a href="#" class="file-link" data-link="${links.length - 1}">${escapeHtml(text)}</a>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.3em; font-weight: 600; } h2 { font-size: 1.1em; margin-top: 1.5em; } h3 { font-size: 1em; margin: .6em 0 .2em; }
code { font-family: var(--vscode-editor-font-family); }
.muted, .question { color: var(--vscode-descriptionForeground); }
.badge { display: inline-block; padding: 1px 6px; border-radius: 3px; font-weight: 600; }
.Allowed { background: var(--vscode-testing-iconPassed, #388a34); color: var(--vscode-editor-background); }
.ExplicitDeny { background: var(--vscode-testing-iconFailed, #c72e0f); color: var(--vscode-editor-background); }
.ImplicitDeny { background: var(--vscode-editorWarning-foreground, #bf8803); color: var(--vscode-editor-background); }
.Error { background: var(--vscode-errorForeground); color: var(--vscode-editor-background); }
table.matrix { border-collapse: collapse; margin: 8px 0; }
table.matrix th, table.matrix td { border: 1px solid var(--vscode-panel-border, #8884); padding: 3px 8px; text-align: left; }
td.cell a { color: inherit; text-decoration: none; font-weight: 600; }
.effect.Allow { color: var(--vscode-testing-iconPassed, #388a34); font-weight: 600; } .effect.Deny { color: var(--vscode-testing-iconFailed, #c72e0f); font-weight: 600; }
details.entry { border-top: 1px solid var(--vscode-panel-border, #8884); padding: 6px 0; } summary { cursor: pointer; }
a { color: var(--vscode-textLink-foreground); } .error { color: var(--vscode-errorForeground); } .warning { color: var(--vscode-editorWarning-foreground); }
button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 4px 12px; cursor: pointer; margin-left: 8px; }
button:hover { background: var(--vscode-button-hoverBackground); }
`;

// Links carry an index only; the extension maps it to a file and range it produced itself.
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-link], #rerun, [data-context]') : null;
  if (!target) return;
  event.preventDefault();
  if (target.id === 'rerun') vscode.postMessage({ type: 'rerun' });
  else if (target.hasAttribute('data-link')) vscode.postMessage({ type: 'open', link: Number(target.getAttribute('data-link')) });
  else vscode.postMessage({ type: 'context', keys: (target.getAttribute('data-context') || '').split(' ').filter(Boolean) });
});
`;
