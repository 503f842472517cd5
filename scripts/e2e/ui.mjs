// Drives VS Code (code-server in headless chromium) as a person would, for screenshots and
// UI checks: open a file, run a command from the palette, press keys, read text, save a PNG.
//   const s = await openWorkbench({ folder: 'examples' });
//   await s.openFile('mistakes/effect-and-syntax.iam.json'); await s.screenshot('x.png'); await s.close();
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { launchBrowser, makeTempDir, remoteUri, repoRoot, runSetup, startCodeServer, workbenchUrl } from './lib.mjs';

/** Monaco renders spaces as non-breaking spaces; compare text only after this. */
export function normalizeText(s) {
  return s.replace(/\u00a0/g, ' ');
}

/**
 * Starts code-server on `folder` with this repository loaded as a development extension (built
 * `dist/` must exist) and opens the workbench in headless chromium. Returns a session object.
 * Options: folder (default examples/), extensionPath (default repo; null = none), viewport.
 */
export async function openWorkbench(opts = {}) {
  runSetup();
  const folder = resolve(opts.folder ?? join(repoRoot, 'examples'));
  const tmp = makeTempDir('iam-studio-ui-');
  const server = await startCodeServer(opts.serverOptions);
  let context;
  try {
    context = await launchBrowser(join(tmp, 'profile'), opts.viewport ?? { width: 1280, height: 800 });
    const page = context.pages()[0] ?? (await context.newPage());
    // Generous: the machines are shared, and a slow step is not a failure of the extension.
    page.setDefaultTimeout(60_000);
    const ext = opts.extensionPath === null ? undefined : resolve(opts.extensionPath ?? repoRoot);
    const payload = ext ? [['extensionDevelopmentPath', remoteUri(ext)]] : [];
    await page.goto(workbenchUrl(server.url, folder, payload));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer appears once the remote folder is resolved; only then is the workbench usable.
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
    return session(page, server, async () => {
      await context.close().catch(() => {});
      await server.stop();
      rmSync(tmp, { recursive: true, force: true });
    });
  } catch (e) {
    await context?.close().catch(() => {});
    await server.stop();
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** The helpers bound to one page. */
function session(page, server, close) {
  const s = {
    page,
    server,
    close,
    /** Opens a file (path relative to the workspace folder) with Quick Open and waits for its tab. */
    async openFile(relativePath) {
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(relativePath);
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      const name = relativePath.split('/').pop();
      await page.locator(`.tab[data-resource-name="${name}"], .tab:has-text("${name}")`).first().waitFor();
      await page.locator('.monaco-editor .view-lines').first().waitFor();
    },
    /** Runs a command by its palette title (e.g. "View: Focus Problems"). */
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    },
    /** Presses keys in order (Playwright names: 'Control+Space', 'Escape', 'End'…). */
    async pressKeys(...keys) {
      for (const k of keys) await page.keyboard.press(k);
    },
    /** Types text into the focused editor. */
    async type(text) {
      await page.keyboard.type(text);
    },
    /** Waits until `selector` is visible (e.g. '.squiggly-error', '.suggest-widget'). */
    async waitFor(selector, timeout = 60_000) {
      await page.locator(selector).first().waitFor({ state: 'visible', timeout });
    },
    /** The editor's rendered token whose whole text is `text` (e.g. '"allow"'), as a Locator. */
    token(text) {
      return page
        .locator('.monaco-editor .view-line span span')
        .filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    },
    /** The visible text of `selector`, normalised. */
    async text(selector) {
      return normalizeText(await page.locator(selector).first().innerText());
    },
    /** Opens the Problems panel and returns its text once it lists `expectedCount` entries or more. */
    async problems(expectedCount = 1) {
      await s.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
      const rows = page.locator('.markers-panel .monaco-list-row');
      // Runs in the page: the file header row plus one row per problem.
      await page.waitForFunction(
        (n) => globalThis.document.querySelectorAll('.markers-panel .monaco-list-row').length >= n,
        expectedCount + 1,
      );
      return normalizeText((await rows.allInnerTexts()).join('\n'));
    },
    /** Points the mouse at `target` (selector or Locator) and returns the hover widget's text. */
    async hover(target) {
      // Decorations such as squiggles sit under the text layer, so move the mouse rather than hover().
      const locator = typeof target === 'string' ? page.locator(target) : target;
      const box = await locator.first().boundingBox();
      if (!box) throw new Error(`${target} is not visible`);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 4);
      const widget = page.locator('.monaco-hover:not(.hidden)').first();
      await widget.waitFor({ state: 'visible' });
      return normalizeText(await widget.innerText());
    },
    /** Saves a PNG of the whole window. */
    async screenshot(path) {
      mkdirSync(dirname(resolve(path)), { recursive: true });
      // Finished animations: hovers and widgets fade in, a mid-fade capture looks washed out.
      await page.screenshot({ path: resolve(path), animations: 'disabled' });
    },
  };
  return s;
}
