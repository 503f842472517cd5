/**
 * Diagnostics benchmark: a 6 KB identity policy (the managed-policy size limit) re-validated as on
 * a keystroke (new version: parse + grammar + IAM checks) in process and as an LSP round trip over
 * stdio with the bundled server; a 1 MB document; and an unchanged document (the cache: no check
 * runs). `npm run bench diagnostics` (or `node --expose-gc --import tsx bench/diagnostics.bench.ts`).
 * Prints figures and the targets for reading; never asserts timings.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../server/src/service';
import { getCatalog } from '../server/src/node/catalogFile';
import { startServer } from '../test/helpers/lspClient';
import { runChecks } from '../server/src/core/checks';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1e3).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

const SERVICES: ReadonlyArray<readonly [string, string, string]> = [
  ['s3', 'GetObject', 'arn:aws:s3:::reports-bucket/team-${i}/*'],
  ['s3', 'ListBucket', 'arn:aws:s3:::reports-bucket'],
  ['dynamodb', 'GetItem', 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders-${i}'],
  ['sqs', 'SendMessage', 'arn:aws:sqs:eu-west-1:111122223333:jobs-${i}'],
  ['lambda', 'InvokeFunction', 'arn:aws:lambda:eu-west-1:111122223333:function:worker-${i}'],
  ['kms', 'Decrypt', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890a${i % 10}'],
  ['ec2', 'StartInstances', 'arn:aws:ec2:eu-west-1:111122223333:instance/*'],
];

/** A realistic statement: a few actions of one service, a resource or two, a condition. */
function statement(i: number): object {
  const [service, action, arn] = SERVICES[i % SERVICES.length]!;
  const resource = arn.replace('${i}', String(i)).replace('${i % 10}', String(i % 10));
  return {
    Sid: `Statement${i}`,
    Effect: i % 5 === 4 ? 'Deny' : 'Allow',
    Action: [`${service}:${action}`, `${service}:Describe*`].slice(0, i % 3 === 0 ? 2 : 1),
    Resource: i % 4 === 0 ? [resource, `${resource}-archive`] : resource,
    Condition:
      i % 2 === 0
        ? { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' }, Bool: { 'aws:SecureTransport': 'true' } }
        : { IpAddress: { 'aws:SourceIp': `203.0.113.${i % 250}/32` } },
  };
}

/** Pretty-printed policy text of about `bytes` characters. */
function policyOf(bytes: number): string {
  const statements: object[] = [];
  let text = '';
  for (let i = 0; text.length < bytes; i++) {
    statements.push(statement(i));
    if (i % 50 === 0 || bytes < 20_000) text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
  }
  if (bytes < 20_000) statements.pop();
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

/** Median ms of re-validating a new version of `text` (parse + validate), `runs` times. */
async function keystrokes(
  service: ReturnType<typeof getLanguageService>,
  text: string,
  runs: number,
): Promise<{ ms: number; first: number; diagnostics: number }> {
  const t: number[] = [];
  let diagnostics = 0;
  for (let v = 1; v <= runs; v++) {
    const doc = TextDocument.create('file:///bench/policy.json', 'iam-policy', v, text);
    const s = performance.now();
    diagnostics = (await service.doValidation(doc, service.parse(doc))).length;
    t.push(performance.now() - s);
  }
  return { ms: median(t), first: t[0]!, diagnostics };
}

async function roundTrip(text: string, runs: number): Promise<number> {
  const client = await startServer();
  const uri = 'file:///bench/roundtrip.json';
  await client.openAndWaitForDiagnostics(uri, text);
  const t: number[] = [];
  for (let v = 2; v < runs + 2; v++) {
    const published = new Promise<void>((resolve) => {
      const sub = client.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri && p.version === v) {
          sub.dispose();
          resolve();
        }
      });
    });
    const s = performance.now();
    // A keystroke: the client sends the changed text; the server parses, validates and publishes.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: v },
      contentChanges: [{ text: v % 2 ? text : `${text} ` }],
    });
    await published;
    t.push(performance.now() - s);
  }
  await client.shutdown();
  return median(t);
}

async function main(): Promise<void> {
  const catalog = getCatalog();
  const service = getLanguageService({ catalog });
  const small = policyOf(6144);
  await keystrokes(service, small, 20); // warm-up: catalog indexes, JIT
  const six = await keystrokes(service, small, 200);
  console.log(
    `6 KB policy (${small.length} chars, ${six.diagnostics} diagnostics), keystroke in process: median ${fmt(six.ms)} (target ≤ 5 ms)`,
  );

  const lsp = await roundTrip(small, 100);
  console.log(`6 KB policy, LSP round trip over stdio (didChange → publishDiagnostics): median ${fmt(lsp)} (target ≤ 20 ms)`);

  const big = policyOf(1_000_000);
  const mb = await keystrokes(service, big, 7);
  console.log(
    `1 MB document (${(big.length / 1e6).toFixed(2)} MB), keystroke in process: median ${fmt(mb.ms)} (target ≤ 150 ms); first validation (nothing memoized yet) ${fmt(mb.first)}`,
  );
  const value: unknown = JSON.parse(big);
  const checksOnly: number[] = [];
  for (let i = 0; i < 7; i++) {
    const s = performance.now();
    runChecks({ value, type: 'identity', catalog, textLength: big.length });
    checksOnly.push(performance.now() - s);
  }
  const parses: number[] = [];
  for (let v = 1; v <= 7; v++) {
    const s = performance.now();
    service.parse(TextDocument.create('file:///bench/parse.json', 'iam-policy', v, big));
    parses.push(performance.now() - s);
  }
  console.log(
    `  of which: json-languageservice parse ${fmt(median(parses))}, IAM checks ${fmt(median(checksOnly))}; the rest is the schema (grammar) pass`,
  );

  const doc = TextDocument.create('file:///bench/unchanged.json', 'iam-policy', 1, small);
  const parsed = service.parse(doc);
  await service.doValidation(doc, parsed);
  const { runs, cacheHits } = service.checkStats;
  const t: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = performance.now();
    await service.doValidation(doc, parsed);
    t.push(performance.now() - s);
  }
  const checks = service.checkStats;
  console.log(
    `unchanged 6 KB document, 100 re-validations: check runs +${checks.runs - runs}, cache hits +${checks.cacheHits - cacheHits}; median ${fmt(median(t))} (the whole result is cached per parse)`,
  );
}

/** Every AWS managed policy (dist/managed-policies.jsonl) through the checks: time and findings by code. */
function managedPolicies(catalog: ReturnType<typeof getCatalog>): void {
  const file = join(__dirname, '..', 'dist', 'managed-policies.jsonl');
  if (!existsSync(file)) return;
  const documents = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"document"'))
    .map((l) => (JSON.parse(l) as { document: unknown }).document);
  const counts = new Map<string, number>();
  const s = performance.now();
  for (const value of documents) {
    for (const f of runChecks({ value, type: 'identity', catalog, textLength: 0 })) counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
  }
  const ms = performance.now() - s;
  const top = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
  console.log(
    `${documents.length} AWS managed policies through the checks: ${fmt(ms)} (${fmt(ms / documents.length)} each); most frequent: ${top}`,
  );
}

void main().then(() => managedPolicies(getCatalog()));
