// `npm start`: builds, then opens examples/ in VS Code with this extension loaded.
// With a desktop `code` on PATH (or env VSCODE_EXECUTABLE): `code --extensionDevelopmentPath=<repo> examples`.
// Otherwise: installs the e2e toolchain (scripts/e2e/setup.sh), packages the extension, installs the
// .vsix into a throw-away extensions folder and serves code-server on 127.0.0.1 until Ctrl-C.
// Usage: node scripts/start.mjs [--port 8080] [--folder examples]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { realpathSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, makeTempDir, manageExtensions, repoRoot, runSetup, startCodeServer, workbenchUrl } from './e2e/lib.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', default: process.env.PORT ?? '8080' }, folder: { type: 'string', default: 'examples' } },
});
const folder = resolve(repoRoot, values.folder);

/** Runs `node <script> …args` in the repository root; exits when it fails. */
function node(script, ...args) {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** A desktop VS Code executable, or undefined (code-server's `code` alias does not count). */
function desktopCode() {
  if (process.env.VSCODE_EXECUTABLE) return process.env.VSCODE_EXECUTABLE;
  try {
    const found = realpathSync(execFileSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).trim());
    return /code-server|scripts\/e2e\/code$/.test(found) ? undefined : found;
  } catch {
    return undefined;
  }
}

/** Picks the requested port when free, else any free one. */
async function choosePort(wanted) {
  const probe = await import('node:net').then(
    ({ createServer }) =>
      new Promise((res) => {
        const srv = createServer()
          .once('error', () => res(false))
          .listen(wanted, '127.0.0.1', () => srv.close(() => res(true)));
      }),
  );
  return probe ? wanted : freePort();
}

async function serveCodeServer() {
  runSetup();
  const tmp = makeTempDir('iam-studio-start-');
  process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
  const vsix = join(tmp, 'iam-policy-studio.vsix');
  node('scripts/package.mjs', '--out', vsix);
  const extensionsDir = join(tmp, 'ext');
  if (manageExtensions(['--install-extension', vsix], extensionsDir) !== 0) process.exit(1);
  const server = await startCodeServer({
    extensionsDir,
    port: await choosePort(Number(values.port)),
    testDriver: false,
    // A reload or a short network blip keeps the session; Ctrl-C still ends everything.
    graceSeconds: 60,
  });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  server.child.once('exit', (code) => {
    if (stopping) return;
    console.error(`code-server exited (${code}):\n${server.output().slice(-4000)}`);
    void server.stop().then(() => process.exit(1));
  });
  console.log(`\nIAM Policy Studio (packaged from this checkout) in VS Code ${'\u2014'} open:\n\n  ${workbenchUrl(server.url, folder)}\n`);
  console.log('Bound to 127.0.0.1 only, with throw-away settings. After code changes, stop (Ctrl-C) and run npm start again.');
}

const code = desktopCode();
if (code) {
  node('scripts/build.mjs');
  console.log(`opening ${folder} in ${code} with the extension under development`);
  spawn(code, [`--extensionDevelopmentPath=${repoRoot}`, folder], { stdio: 'inherit' }).on('exit', (c) => process.exit(c ?? 0));
} else {
  await serveCodeServer();
}
