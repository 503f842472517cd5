#!/usr/bin/env node
// A stand-in for the VS Code executable that @vscode/test-electron's runTests() spawns. It reads
// the same arguments (--extensionDevelopmentPath=…, --extensionTestsPath=…, --user-data-dir,
// --extensions-dir, a folder), runs the tests inside code-server (VS Code in a browser) driven by
// headless chromium, forwards the extension host's console output to stdout and exits with the
// test run's exit code. Env: IAM_STUDIO_E2E_TIMEOUT_MS (default 300000), IAM_STUDIO_E2E_VERBOSE=1
// (echo code-server's own log), IAM_STUDIO_E2E_SCREENSHOT_DIR (see below).
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, makeTempDir, manageExtensions, remoteUri, startCodeServer, workbenchUrl } from './lib.mjs';

const timeoutMs = Number(process.env.IAM_STUDIO_E2E_TIMEOUT_MS || 300_000);
const verbose = process.env.IAM_STUDIO_E2E_VERBOSE === '1';

/**
 * Workbench chatter that reaches codeAutomationLog along with the extension host's console; it
 * says nothing about our extension, so it is shown only with IAM_STUDIO_E2E_VERBOSE=1.
 */
const noise = [
  /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket/,
  /^Updating additional builtin extensions cache/,
  /ENOTFOUND open-vsx\.org/,
  /Timed out waiting for authentication provider/,
  /^Canceled: Canceled/,
];
function isNoise(text) {
  return noise.some((re) => re.test(text));
}

/** Splits test-electron's argv into the parts we honour; every other flag is ignored. */
export function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, folder: undefined, manage: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--extensionDevelopmentPath') out.devPaths.push(resolve(value()));
    else if (flag === '--extensionTestsPath') out.testsPath = resolve(value());
    else if (flag === '--user-data-dir') out.userDataDir = resolve(value());
    else if (flag === '--extensions-dir') out.extensionsDir = resolve(value());
    else if (flag === '--install-extension' || flag === '--uninstall-extension') out.manage.push(flag, value());
    else if (flag === '--list-extensions' || flag === '--show-versions' || flag === '--force') out.manage.push(flag);
    else if (!a.startsWith('-') && out.folder === undefined) out.folder = resolve(a);
  }
  return out;
}

/** The smoke-test-driver payload: which extension to develop and which test module to run. */
function payloadFor(args) {
  const p = args.devPaths.map((d) => ['extensionDevelopmentPath', remoteUri(d)]);
  if (args.testsPath) p.push(['extensionTestsPath', remoteUri(args.testsPath)]);
  return p;
}

/**
 * Screenshots on request: a test logs a line `[[iam-studio-e2e:screenshot NAME]]` and, when
 * IAM_STUDIO_E2E_SCREENSHOT_DIR is set, the page is saved as NAME.png there.
 */
async function maybeScreenshot(page, message) {
  const dir = process.env.IAM_STUDIO_E2E_SCREENSHOT_DIR;
  const m = /\[\[iam-studio-e2e:screenshot ([\w.-]+)\]\]/.exec(message);
  if (!dir || !m) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${m[1]}.png`) }).catch((e) => console.error(`screenshot failed: ${e.message}`));
}

/** Opens the workbench with the payload and resolves with the extension host's exit code. */
async function runInBrowser(server, args, profileDir) {
  const context = await launchBrowser(profileDir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const exitCode = new Promise((res) => {
      page.exposeFunction('codeAutomationExit', (code) => res(Number(code) || 0));
    });
    await page.exposeFunction('codeAutomationLog', (_level, message) => {
      const text = String(message);
      if (verbose || !isNoise(text)) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return maybeScreenshot(page, text);
    });
    page.on('pageerror', (e) => verbose && console.error(`[page error] ${e.message}`));
    await page.goto(workbenchUrl(server.url, args.folder, payloadFor(args)));
    let timer;
    const timeout = new Promise((res) => {
      timer = setTimeout(() => res('timeout'), timeoutMs);
    });
    // Fail fast instead of waiting for the timeout when the server or the page dies.
    const serverDied = new Promise((res) => server.child.once('exit', () => res('code-server exited')));
    const pageDied = new Promise((res) => page.once('crash', () => res('the browser page crashed')));
    const result = await Promise.race([exitCode, timeout, serverDied, pageDied]);
    clearTimeout(timer);
    if (typeof result === 'number') return result;
    const why = result === 'timeout' ? `no test result after ${timeoutMs} ms (IAM_STUDIO_E2E_TIMEOUT_MS)` : result;
    console.error(`code-launcher: ${why}; failing`);
    return 124;
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.manage.length > 0) {
    // `code --install-extension x.vsix --extensions-dir D`: no window, just the extension CLI.
    if (!args.extensionsDir) throw new Error('code-launcher: pass --extensions-dir with extension management flags');
    process.exit(manageExtensions(args.manage, args.extensionsDir, args.userDataDir));
  }
  if (!args.testsPath) console.error('code-launcher: no --extensionTestsPath given; the browser would never exit');
  const tmp = makeTempDir('iam-studio-launch-');
  let server;
  const cleanup = async () => {
    await server?.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  // test-electron sends SIGINT on Ctrl-C: still kill code-server's group and the browser.
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => cleanup().finally(() => process.exit(130)));
  let code = 1;
  try {
    server = await startCodeServer({
      userDataDir: args.userDataDir,
      extensionsDir: args.extensionsDir,
      onOutput: verbose ? (s) => process.stderr.write(s) : undefined,
    });
    console.log(`code-launcher: code-server at ${server.url} (folder ${args.folder ?? '(none)'})`);
    code = await runInBrowser(server, args, join(tmp, 'chromium-profile'));
    if (code !== 0 && !verbose) console.error(`--- code-server log (tail) ---\n${server.output().slice(-4000)}`);
  } catch (e) {
    console.error(`code-launcher: ${e.stack ?? e}`);
  } finally {
    await cleanup();
  }
  process.exit(code);
}

await main();
