/**
 * The access view as HTML (a pure function, tested with plain data): who can act on a resource,
 * per access level, or a principal's escalation paths, each with links to the deciding
 * statements. The same conventions as the Simulate Access view: a strict CSP with a nonce,
 * everything from files or the model escaped, links as indexes into {@link RenderedAccess.links}.
 */
import type { AccessViewResult, FileLocation, StatementLink } from '../../../server/src/protocol';
import { escapeHtml, statementLabel } from '../simulation/html';

/** Webview specifics: the CSP source and a fresh nonce per render. */
export interface AccessRenderOptions {
  readonly nonce: string;
  readonly cspSource: string;
}

/** The page and the file locations its `data-link` indexes refer to. */
export interface RenderedAccess {
  readonly html: string;
  readonly links: readonly FileLocation[];
}

export function renderAccess(result: AccessViewResult, options: AccessRenderOptions): RenderedAccess {
  const links: FileLocation[] = [];
  const link = (loc: FileLocation | undefined, text: string): string => {
    if (!loc) return `<span>${escapeHtml(text)}</span>`;
    links.push(loc);
    return `<a href="#" class="file-link" data-link="${links.length - 1}">${escapeHtml(text)}</a>`;
  };
  const statements = (list: readonly StatementLink[]) =>
    list.length === 0 ? '' : ` <span class="muted">allowed by</span> ${list.map((s) => link(s.location, statementLabel(s))).join(', ')}`;
  const parts: string[] = [];
  for (const e of result.errors) parts.push(`<p class="error">${escapeHtml(e)}</p>`);
  if (result.resource) {
    const r = result.resource;
    parts.push(`<h1>Who can act on <code>${escapeHtml(r.arn)}</code></h1>`);
    parts.push(
      `<p class="muted">${escapeHtml(result.title)}. Asked: the actions of the AWS catalog that apply to ${r.resources
        .map((x) => `<code>${escapeHtml(x)}</code>`)
        .join(' and ')}, per access level; a principal counts when it may make at least one of them.</p>`,
    );
    if (r.partial) parts.push(`<p class="warning">The time budget ran out: the lists are incomplete.</p>`);
    if (r.undetermined > 0)
      parts.push(
        `<p class="warning">${r.undetermined} principal(s) were denied only because a condition needs a context key the model cannot derive (iam-policy-studio who-can --context).</p>`,
      );
    for (const level of r.levels) {
      parts.push(
        `<h2>${escapeHtml(level.level)}: ${level.principals.length} principal(s) <span class="muted">of ${level.actions.length} action(s)</span></h2>`,
      );
      if (level.principals.length === 0) continue;
      parts.push('<ul class="principals">');
      for (const p of level.principals) {
        const via =
          p.via.length > 0 ? ` <span class="muted">via</span> ${p.via.map((v) => `<code>${escapeHtml(v)}</code>`).join(' → ')}` : '';
        const actions = p.actions.slice(0, 8).join(', ') + (p.actions.length > 8 ? `, … (${p.actions.length})` : '');
        parts.push(
          `<li>${link(p.location, p.principal)} <span class="kind">${escapeHtml(p.kind)}</span>${via}<br><span class="muted">${escapeHtml(actions)}</span>${statements(p.decidedBy)}</li>`,
        );
      }
      parts.push('</ul>');
    }
  }
  if (result.principal) {
    const p = result.principal;
    parts.push(`<h1>Escalation paths of <code>${escapeHtml(p.arn)}</code></h1>`);
    parts.push(`<p class="muted">${escapeHtml(result.title)}.</p>`);
    for (const path of p.paths) {
      parts.push(
        `<h2>${escapeHtml(path.to === 'admin' ? `To administrator of ${path.account ?? ''}` : `To ${path.to}`)} <span class="muted">(${escapeHtml(path.methods.join(', '))})</span></h2>`,
      );
      parts.push('<ol class="steps">');
      for (const s of path.steps) {
        parts.push(
          `<li><code>${escapeHtml(s.action)}</code> on <code>${escapeHtml(s.resource)}</code> <span class="muted">[${escapeHtml(s.method)}] as ${escapeHtml(s.principal)}</span>${statements(s.decidedBy)}</li>`,
        );
      }
      parts.push(`</ol><p>→ holds the permissions of <code>${escapeHtml(path.via)}</code></p>`);
    }
  }
  return { html: page(parts.join('\n'), options), links };
}

function page(body: string, o: AccessRenderOptions): string {
  const csp = `default-src 'none'; style-src ${o.cspSource} 'nonce-${o.nonce}'; script-src 'nonce-${o.nonce}';`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>IAM Access</title>
<style nonce="${o.nonce}">${STYLE}</style></head>
<body>
${body}
<script nonce="${o.nonce}">${SCRIPT}</script>
</body></html>`;
}

const STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px 24px; }
h1 { font-size: 1.3em; font-weight: 600; } h2 { font-size: 1.1em; margin-top: 1.2em; }
code { font-family: var(--vscode-editor-font-family); }
.muted { color: var(--vscode-descriptionForeground); } .kind { font-size: .85em; color: var(--vscode-descriptionForeground); border: 1px solid var(--vscode-panel-border, #8884); border-radius: 3px; padding: 0 4px; }
ul.principals li, ol.steps li { margin: 4px 0; }
a { color: var(--vscode-textLink-foreground); } .error { color: var(--vscode-errorForeground); } .warning { color: var(--vscode-editorWarning-foreground); }
`;

// Links carry an index only; the extension maps it to a file and range it produced itself.
const SCRIPT = `
const vscode = acquireVsCodeApi();
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-link]') : null;
  if (!target) return;
  event.preventDefault();
  vscode.postMessage({ type: 'open', link: Number(target.getAttribute('data-link')) });
});
`;
