/**
 * Issue 13, item 7: validation is debounced and never delays requests. The client writes a burst
 * in ONE write — edits, a completion and a hover between them — so the server has all of it
 * before it handles any; what the test checks is the order of the server's answers: both
 * requests are answered before any diagnostics of the burst, and only the last version is ever
 * validated (before: every edit validated at once, in order, ahead of the requests behind it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SERVER_PATH } from '../helpers/lspClient';

interface Message {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: { readonly uri?: string; readonly version?: number; readonly message?: string };
  readonly result?: unknown;
}

/** A raw stdio client: writes framed messages exactly as given, records every message in arrival order. */
function rawServer() {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const received: Message[] = [];
  const waiters: { readonly until: (m: Message) => boolean; readonly resolve: () => void }[] = [];
  let buffer = Buffer.alloc(0);
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const headerEnd = buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      if (buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8')) as Message;
      buffer = buffer.subarray(headerEnd + 4 + length);
      received.push(message);
      for (const w of [...waiters])
        if (w.until(message)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
    }
  });
  const frame = (m: object): string => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
  };
  return {
    received,
    /** Writes all messages in one write. */
    send(...messages: object[]): void {
      child.stdin.write(messages.map(frame).join(''));
    },
    waitFor(until: (m: Message) => boolean): Promise<void> {
      if (received.some(until)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ until, resolve }));
    },
    async close(): Promise<void> {
      this.send({ id: 'shutdown', method: 'shutdown' });
      await this.waitFor((m) => m.id === 'shutdown');
      this.send({ method: 'exit' });
      await new Promise((resolve) => child.on('exit', resolve));
    },
  };
}

const URI = 'file:///ws/typing.iam.json';
const policy = (action: string): string =>
  `{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "${action}", "Resource": "*" }]\n}\n`;
const change = (version: number, action: string) => ({
  method: 'textDocument/didChange',
  params: { textDocument: { uri: URI, version }, contentChanges: [{ text: policy(action) }] },
});
const isDiagnostics = (m: Message, version?: number): boolean =>
  m.method === 'textDocument/publishDiagnostics' && m.params?.uri === URI && (version === undefined || m.params.version === version);

test(
  'a burst of edits with requests in between: requests answered first, only the last version validated',
  { timeout: 60_000 },
  async () => {
    const server = rawServer();
    try {
      await burst(server);
    } finally {
      await server.close();
    }
  },
);

async function burst(server: ReturnType<typeof rawServer>): Promise<void> {
  server.send({ id: 'init', method: 'initialize', params: { processId: process.pid, rootUri: null, capabilities: {} } });
  await server.waitFor((m) => m.id === 'init');
  server.send(
    { method: 'initialized', params: {} },
    {
      method: 'textDocument/didOpen',
      params: { textDocument: { uri: URI, languageId: 'iam-policy', version: 1, text: policy('s3:Get') } },
    },
  );
  await server.waitFor((m) => isDiagnostics(m, 1));
  // Warm the lazy catalog indexes, so the burst below measures scheduling only.
  // After `s3:GetObj` in the Action string (the text of version 4, below).
  const inAction = { line: 2, character: policy('').split('\n')[2]!.indexOf('"Action": "') + 11 + 's3:GetObj'.length };
  server.send(
    { id: 'warm-c', method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: inAction } },
    { id: 'warm-h', method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: inAction } },
  );
  await server.waitFor((m) => m.id === 'warm-h');
  const start = server.received.length;

  const messages: object[] = [];
  const actions = ['s3:GetO', 's3:GetOb', 's3:GetObj', 's3:GetObje', 's3:GetObjec', 's3:GetObject', 's3:GetObjectX', 's3:GetObject'];
  actions.forEach((action, i) => {
    messages.push(change(i + 2, action));
    if (i === 2) messages.push({ id: 'c', method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: inAction } });
    if (i === 7) messages.push({ id: 'h', method: 'textDocument/hover', params: { textDocument: { uri: URI }, position: inAction } });
  });
  server.send(...messages);
  const last = actions.length + 1;
  await server.waitFor((m) => isDiagnostics(m, last));
  const after = server.received.slice(start);
  const order = after.map((m) =>
    m.id !== undefined ? `response ${String(m.id)}` : isDiagnostics(m) ? `diagnostics v${m.params?.version}` : m.method,
  );
  assert.deepEqual(
    order.filter((o) => o !== 'window/logMessage'),
    ['response c', 'response h', `diagnostics v${last}`],
  );
  const completion = after.find((m) => m.id === 'c')?.result as { items: { label: string }[] };
  assert.ok(
    completion.items.some((i) => i.label === 's3:GetObject'),
    'the completion answers for the text of its own version',
  );
  const hover = after.find((m) => m.id === 'h')?.result as { contents: { value: string } } | null;
  assert.match(String(hover?.contents.value), /s3:GetObject/, 'the hover answers for the last version');
}

/** A policy with `n` statements: long enough that its checks run in many slices. */
function bigPolicy(n: number): string {
  const statements = Array.from({ length: n }, (_, i) => ({
    Sid: `S${i}`,
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:Put*'],
    Resource: `arn:aws:s3:::bucket-${i}/*`,
  }));
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

const trace = (m: Message): string | undefined => (m.method === '$/logTrace' ? m.params?.message : undefined);

test('a validation in progress lets completion through and stops when a newer version arrives', { timeout: 120_000 }, async () => {
  const server = rawServer();
  try {
    server.send({
      id: 'init',
      method: 'initialize',
      params: { processId: process.pid, rootUri: null, capabilities: {}, trace: 'verbose' },
    });
    await server.waitFor((m) => m.id === 'init');
    server.send({ method: 'initialized', params: {} });
    const text = bigPolicy(2000);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"s3:GetObject"'));
    const inAction = { line, character: lines[line]!.indexOf('s3:Get') + 's3:Get'.length };
    const start = server.received.length;
    // One write: open (validated at once), a completion, an edit that makes version 1 stale, another completion.
    server.send(
      { method: 'textDocument/didOpen', params: { textDocument: { uri: URI, languageId: 'iam-policy', version: 1, text } } },
      { id: 'c1', method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: inAction } },
      change(2, 's3:GetObject'),
      { id: 'c2', method: 'textDocument/completion', params: { textDocument: { uri: URI }, position: { line: 2, character: 40 } } },
    );
    await server.waitFor((m) => isDiagnostics(m, 2));
    const after = server.received.slice(start);
    const at = (what: (m: Message) => boolean): number => after.findIndex(what);
    const started = at((m) => trace(m) === `validating ${URI} version 1`);
    const cancelled = at((m) => trace(m) === `validation of ${URI} version 1 cancelled: the document changed`);
    const answered = at((m) => m.id === 'c1');
    assert.ok(started >= 0, 'version 1 is validated as soon as it opens');
    assert.ok(started < answered && answered < cancelled, 'the completion is answered while version 1 is being validated');
    assert.ok(
      after.some((m) => m.id === 'c2'),
      'the second completion is answered too',
    );
    assert.equal(
      at((m) => trace(m) === `validated ${URI} version 1` || isDiagnostics(m, 1)),
      -1,
      'version 1 never finishes: its run stops at the next slice',
    );
    const items = (after.find((m) => m.id === 'c1')?.result as { items: { label: string }[] }).items;
    assert.ok(
      items.some((i) => i.label === 's3:GetObject'),
      'the completion answers for version 1',
    );
  } finally {
    await server.close();
  }
});
