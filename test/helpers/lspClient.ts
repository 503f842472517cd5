/**
 * A minimal LSP client for protocol tests: spawns the *bundled* server (`dist/server.js`) over
 * stdio, so bundling mistakes (a missing data file, a bad external) show up here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-languageserver-protocol/node';
import type { InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const SERVER_PATH = join(__dirname, '../../dist/server.js');
/** The bundled CLI, whose `lsp --stdio` subcommand runs the same server. */
export const CLI_PATH = join(__dirname, '../../dist/cli.js');

export interface TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** The server's answer to `initialize` (capabilities). */
  readonly initializeResult: InitializeResult;
  /** Opens a document and resolves with the first diagnostics published for it. */
  openAndWaitForDiagnostics(uri: string, text: string, languageId?: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Sends shutdown and exit, and waits for the process to end. */
  shutdown(): Promise<number | null>;
}

/**
 * Spawns the server (by default `node dist/server.js --stdio`; `args` replaces the node arguments,
 * e.g. `[CLI_PATH, 'lsp', '--stdio']`), sends `initialize` and `initialized`.
 */
export async function startServer(
  initializationOptions: unknown = {},
  args: readonly string[] = [SERVER_PATH, '--stdio'],
  rootUri: string | null = null,
  /** Client capabilities, and handlers for requests the server sends (set before `initialized`). */
  client: { readonly capabilities?: unknown; readonly onRequest?: Readonly<Record<string, (params: unknown) => unknown>> } = {},
): Promise<TestClient> {
  const child = spawn(process.execPath, [...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    waiters.get(p.uri)?.(p);
    waiters.delete(p.uri);
  });
  for (const [method, handler] of Object.entries(client.onRequest ?? {})) connection.onRequest(method, handler);
  connection.listen();
  const initializeResult = await connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri,
    capabilities: client.capabilities ?? {},
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    connection,
    process: child,
    initializeResult,
    openAndWaitForDiagnostics(uri, text, languageId = 'iam-policy', timeoutMs = 10_000) {
      const result = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(uri, (p) => {
          clearTimeout(timer);
          resolve(p);
        });
      });
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return result;
    },
    async shutdown() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
}

/** The first diagnostics in `list` (filled by a publishDiagnostics handler) that satisfy `pred`, polling until `ms`. */
export async function waitForDiagnostics(
  list: PublishDiagnosticsParams[],
  pred: (p: PublishDiagnosticsParams) => boolean,
  ms = 10_000,
): Promise<PublishDiagnosticsParams> {
  const start = Date.now();
  while (Date.now() - start < ms) {
    const hit = list.find(pred);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no matching diagnostics');
}
