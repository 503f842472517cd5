/**
 * A catalog built from AWS's Service Authorization Reference files (format: test/data/catalog/
 * service-reference/README.md): what it keeps, what it takes from the files, the differences it
 * reports, which catalog file the tools then choose, and when `check` calls the data stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { compileCatalog, type IamDataSource } from '../../../scripts/catalog/compile';
import { loadCatalog, type Catalog } from '../../../server/src/core/catalog';
import { diffCatalogs, isEmptyDiff } from '../../../server/src/core/catalog/diff';
import { fromServiceReference, type ServiceReferenceFile } from '../../../server/src/core/catalog/serviceReference';
import {
  CATALOG_ENV,
  findCatalogFile,
  loadSelectedCatalog,
  readCatalogFile,
  selectCatalogFile,
  stalenessWarning,
  userCatalogFile,
} from '../../../server/src/node/catalogFile';
import { runCliCaptured } from '../../helpers/cli';

const DATA = resolve(__dirname, '../../data/catalog/service-reference');
const bundledFile = findCatalogFile()!;
const bundled: Catalog = readCatalogFile(bundledFile);

interface Changes {
  service: string;
  add: ServiceReferenceFile['Actions'][number][];
  remove: string[];
  respell: Record<string, string>;
  expect: Record<string, unknown>;
}
const changes = JSON.parse(readFileSync(join(DATA, 'changes.json'), 'utf8')) as Changes;
const sample = JSON.parse(readFileSync(join(DATA, 'quantumledger.json'), 'utf8')) as ServiceReferenceFile;

/** A service of the bundled catalog written out as AWS's reference file. */
function asReferenceFile(catalog: Catalog, prefix: string): ServiceReferenceFile {
  const service = catalog.service(prefix)!;
  return {
    Name: service.prefix,
    Actions: catalog.actionsOf(prefix).map((a) => ({
      Name: a.name,
      ActionConditionKeys: a.conditionKeys.map((k) => k.key),
      Annotations: {
        Properties: {
          IsList: a.accessLevels.includes('List'),
          IsWrite: a.accessLevels.includes('Write'),
          IsPermissionManagement: a.accessLevels.includes('Permissions management'),
          IsTaggingOnly: a.accessLevels.includes('Tagging'),
        },
      },
      Resources: a.resourceTypes.map((r) => ({ Name: r.resourceType.name })),
    })),
    ConditionKeys: service.conditionKeys.map((k) => ({ Name: k.key, Types: [k.type] })),
    Resources: service.resourceTypes.map((r) => ({
      Name: r.name,
      ARNFormats: [...r.arns],
      ConditionKeys: r.conditionKeys.map((k) => k.key),
    })),
  };
}

/** The s3 file with the edits of changes.json. */
function changedFile(): ServiceReferenceFile {
  const file = asReferenceFile(bundled, changes.service);
  const actions = file.Actions.filter((a) => !changes.remove.includes(a.Name)).map((a) => ({
    ...a,
    Name: changes.respell[a.Name] ?? a.Name,
  }));
  return { ...file, Actions: [...actions, ...changes.add] };
}

function build(files: ServiceReferenceFile[], listed?: string[]): Catalog {
  const source = fromServiceReference(files, bundled, '2026-12-01T00:00:00.000Z', listed);
  return loadCatalog(compileCatalog(source as IamDataSource, '2026-12-03T00:00:00.000Z').artifact);
}

test('with no reference files, the catalog is rebuilt unchanged from the current one', () => {
  const rebuilt = build([]);
  const diff = diffCatalogs(bundled, rebuilt);
  assert.ok(isEmptyDiff(diff), JSON.stringify(diff).slice(0, 500));
  assert.equal(rebuilt.stats.actions, bundled.stats.actions);
  assert.equal(rebuilt.stats.resourceTypes, bundled.stats.resourceTypes);
  const a = rebuilt.action('s3:GetObject')!;
  const b = bundled.action('s3:GetObject')!;
  assert.equal(a.description, b.description);
  assert.deepEqual(
    a.resourceTypes.map((r) => [r.resourceType.name, r.required]),
    b.resourceTypes.map((r) => [r.resourceType.name, r.required]),
  );
  assert.equal(rebuilt.source.package, 'AWS Service Authorization Reference');
  assert.equal(rebuilt.source.updatedAt.slice(0, 10), '2026-12-01');
});

let changedBuild: Catalog | undefined;
/** The catalog built from the changed S3 file and the sample service (built once, for two tests). */
const changed = (): Catalog => (changedBuild ??= build([changedFile(), sample]));

test('the differences are exactly the services, actions and keys the files add, remove and respell', () => {
  const diff = diffCatalogs(bundled, changed());
  for (const [field, expected] of Object.entries(changes.expect))
    assert.deepEqual((diff as unknown as Record<string, unknown>)[field], expected, field);
  assert.deepEqual(diff.servicesRemoved, []);
  assert.deepEqual(diff.keysRemoved, []);
});

test('a new action gets its access level from the annotations; known ones keep their descriptions', () => {
  const built = changed();
  assert.equal(built.action('quantumledger:PutLedgerPolicy')?.accessLevel, 'Permissions management');
  assert.equal(built.action('quantumledger:ListLedgers')?.accessLevel, 'List');
  assert.equal(built.action('quantumledger:GetLedger')?.accessLevel, 'Read');
  assert.equal(built.action('quantumledger:CreateLedger')?.accessLevel, 'Write');
  assert.deepEqual(
    built.action('quantumledger:CreateLedger')?.conditionKeys.map((k) => k.key),
    ['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'quantumledger:LedgerClass'],
  );
  assert.equal(built.resourceTypesForArn('arn:aws:quantumledger:us-east-1:111122223333:ledger/books')[0]?.name, 'ledger');
  assert.equal(built.action('s3:GetObject')?.description, bundled.action('s3:GetObject')?.description);
  assert.equal(built.action('s3:GetObjectTorrent'), undefined);
});

test("when AWS's list was saved, services it no longer names are removed", () => {
  const listed = bundled
    .services()
    .map((s) => s.prefix)
    .filter((p) => p !== 'deeplens')
    .concat('quantumledger');
  const diff = diffCatalogs(bundled, build([sample], listed));
  assert.deepEqual(diff.servicesRemoved, bundled.service('deeplens') ? ['deeplens'] : []);
  assert.deepEqual(diff.servicesAdded, ['quantumledger']);
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-studio-sar-'));
  writeFileSync(join(dir, 's3.json'), JSON.stringify(changedFile()));
  mkdirSync(join(dir, 'v1', 'quantumledger'), { recursive: true });
  writeFileSync(join(dir, 'v1', 'quantumledger', 'quantumledger.json'), JSON.stringify(sample));
  writeFileSync(join(dir, 'notes.json'), '{"hello": 1}');
  return dir;
}

test('catalog --from builds, writes and reports the differences, dated by its newest file by default; the tools then choose the newer catalog', async () => {
  const dir = folder();
  const home = mkdtempSync(join(tmpdir(), 'iam-studio-home-'));
  try {
    const r = await runCliCaptured(['catalog', '--from', dir, '--date', '2026-12-01'], { cwd: dir, env: { HOME: home } });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Built AWS Service Authorization Reference 2026-12-01 \(data of 2026-12-01\) from 2 service files/);
    assert.match(r.out, /actions added \(5\):\n {4}quantumledger:CreateLedger\n/);
    assert.match(r.out, /actions removed \(1\):\n {4}s3:GetObjectTorrent\n/);
    assert.match(r.out, /actions renamed \(1\):\n {4}s3:ListAllMyBuckets → s3:ListAllMyBUCKETS\n/);
    assert.match(r.err, /skipped notes\.json: no service "Name"/);
    const written = userCatalogFile(home);
    const chosen = selectCatalogFile({ env: {}, home });
    assert.equal(chosen?.file, written, 'a newer catalog in the user folder wins over the bundled one');
    assert.equal(chosen?.origin, 'user-folder');
    assert.ok(loadSelectedCatalog({ env: {}, home }).catalog.action('s3:GetObjectHologram'));
    // An older one does not. Without --date, the data date is the newest reference file's (of
    // every JSON file read); --out is relative to the working folder; --format json reports.
    const when = new Date('2020-01-01T12:00:00Z');
    utimesSync(join(dir, 's3.json'), when, when);
    utimesSync(join(dir, 'v1', 'quantumledger', 'quantumledger.json'), when, when);
    utimesSync(join(dir, 'notes.json'), new Date('2019-11-01T00:00:00Z'), new Date('2019-11-01T00:00:00Z'));
    const old = await runCliCaptured(['catalog', '--from', dir, '--out', relative(home, written), '--format', 'json'], {
      cwd: home,
      env: { HOME: home },
    });
    assert.equal(old.code, 0, old.err);
    assert.equal((JSON.parse(old.out) as { source: { updatedAt: string } }).source.updatedAt, when.toISOString());
    assert.equal(readCatalogFile(written).source.updatedAt, when.toISOString());
    assert.equal(selectCatalogFile({ env: {}, home })?.origin, 'bundled');
    // A configured file wins whatever its date; a broken one gives way to the bundled catalog, with a note.
    assert.equal(selectCatalogFile({ env: { [CATALOG_ENV]: written }, home })?.origin, 'configured');
    writeFileSync(join(home, 'broken.json'), '{"format": 1}');
    const fallback = loadSelectedCatalog({ env: { [CATALOG_ENV]: join(home, 'broken.json') }, home });
    assert.equal(fallback.selection.origin, 'bundled');
    assert.match(fallback.selection.notes.join('\n'), /could not be loaded .*using the bundled catalog/);
    const missing = selectCatalogFile({ env: { [CATALOG_ENV]: join(home, 'nope.json') }, home });
    assert.match(missing!.notes[0]!, /is not a file; using the bundled catalog/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});

test('catalog --from reports bad input clearly: no folder, no service files, a bad date', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'iam-studio-sar-empty-'));
  try {
    const none = await runCliCaptured(['catalog', '--from', empty], { cwd: empty, env: { HOME: empty } });
    assert.equal(none.code, 2);
    assert.match(none.err, /no Service Authorization Reference service files/);
    const notDir = await runCliCaptured(['catalog', '--from', join(empty, 'x')], { cwd: empty, env: { HOME: empty } });
    assert.equal(notDir.code, 2);
    assert.match(notDir.err, /is not a folder/);
    const date = await runCliCaptured(['catalog', '--from', empty, '--date', 'yesterday'], { cwd: empty, env: { HOME: empty } });
    assert.equal(date.code, 2);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test('catalog --download fetches the list and its files from a local server (opt-in), and only from that host', async () => {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const port = (server.address() as AddressInfo).port;
    const body =
      req.url === '/'
        ? [
            { service: 's3', url: `http://127.0.0.1:${port}/v1/s3/s3.json` },
            { service: 'quantumledger', url: `http://127.0.0.1:${port}/v1/quantumledger/quantumledger.json` },
            { service: 'elsewhere', url: 'http://192.0.2.1/v1/elsewhere.json' },
          ]
        : req.url === '/v1/s3/s3.json'
          ? changedFile()
          : req.url === '/v1/quantumledger/quantumledger.json'
            ? sample
            : undefined;
    res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
    res.end(body ? JSON.stringify(body) : '');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const home = mkdtempSync(join(tmpdir(), 'iam-studio-dl-'));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const r = await runCliCaptured(['catalog', '--download', '--url', url, '--date', '2026-12-02'], { cwd: home, env: { HOME: home } });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(requests.sort(), ['/', '/v1/quantumledger/quantumledger.json', '/v1/s3/s3.json']);
    assert.match(r.err, /saved 2 of 2 service files/);
    assert.match(r.out, /actions added \(5\)/);
    assert.ok(readCatalogFile(userCatalogFile(home)).action('quantumledger:GetLedger'));
    // AWS's list names every service; with the list saved, services it does not name are dropped.
    assert.match(r.out, /services removed \(\d+\)/);
    const insecure = await runCliCaptured(['catalog', '--download', '--url', 'http://example.com/'], { cwd: home, env: { HOME: home } });
    assert.equal(insecure.code, 2);
    assert.match(insecure.err, /must be https/);
  } finally {
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
});

test('check calls the catalog stale after 90 days, naming its date and how to update it', () => {
  const date = Date.parse(bundled.source.updatedAt);
  assert.equal(stalenessWarning(bundled, new Date(date + 90 * 86_400_000)), undefined);
  const warning = stalenessWarning(bundled, new Date(date + 91 * 86_400_000));
  assert.match(warning ?? '', /is 91 days old \(.*data of \d{4}-\d{2}-\d{2}\).*catalog --from/);
});

test('catalog without options shows the catalog in use', async () => {
  const r = await runCliCaptured(['catalog'], { env: {} });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /services, \d+ actions, \d+ condition keys\nfile: .*catalog\.json/);
});
