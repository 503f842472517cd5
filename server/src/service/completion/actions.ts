/**
 * `Action` / `NotAction` completion: service prefixes first (popular services ranked first), then
 * after `prefix:` the service's actions that start with what is typed (then those containing it),
 * with access level and description, plus wildcard forms (`s3:Get*`, with how many actions each
 * covers). Only the kept items get action details built: ec2 alone has ~700 actions.
 */
import type { ActionInfo, Catalog, ServiceInfo } from '../../core/catalog';
import { CompletionItemKind, MAX_ITEMS, startsWithIgnoreCase, type Candidate } from './items';
import { CACHES } from '../../core/caches';

/** Services most policies use, in the order a policy author most likely wants them. */
const POPULAR = [
  's3',
  'ec2',
  'iam',
  'lambda',
  'dynamodb',
  'sts',
  'kms',
  'logs',
  'cloudwatch',
  'sqs',
  'sns',
  'ssm',
  'secretsmanager',
  'ecr',
  'ecs',
  'cloudformation',
  'events',
  'apigateway',
  'execute-api',
  'rds',
  'eks',
  'elasticloadbalancing',
  'autoscaling',
  'route53',
  'cloudfront',
  'organizations',
  'tag',
  'glue',
  'athena',
  'states',
  'kinesis',
  'firehose',
  'codebuild',
  'codepipeline',
  'ses',
  'cognito-idp',
  'acm',
  'xray',
];
const POPULAR_RANK = new Map(POPULAR.map((p, i) => [p, i]));

/** Actions policies name most often: ranked above the other prefix matches of their service. */
const COMMON_ACTIONS = new Set([
  's3:getobject',
  's3:putobject',
  's3:listbucket',
  's3:deleteobject',
  'ec2:describeinstances',
  'ec2:startinstances',
  'ec2:stopinstances',
  'ec2:runinstances',
  'iam:passrole',
  'iam:getrole',
  'sts:assumerole',
  'lambda:invokefunction',
  'dynamodb:getitem',
  'dynamodb:putitem',
  'dynamodb:query',
  'dynamodb:updateitem',
  'kms:decrypt',
  'kms:encrypt',
  'kms:generatedatakey',
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
  'sqs:sendmessage',
  'sqs:receivemessage',
  'sqs:deletemessage',
  'sns:publish',
  'secretsmanager:getsecretvalue',
  'ssm:getparameter',
  'ssm:getparameters',
  'ecr:getauthorizationtoken',
  'ecr:batchgetimage',
  'cloudwatch:putmetricdata',
  'events:putevents',
]);

/** Candidates for the typed text of an action string. */
export function actionCandidates(catalog: Catalog, typed: string): Candidate[] {
  const colon = typed.indexOf(':');
  if (colon < 0) return serviceCandidates(catalog, typed);
  const service = catalog.service(typed.slice(0, colon));
  return service ? serviceActionCandidates(catalog, service, typed.slice(colon + 1)) : [];
}

function serviceCandidates(catalog: Catalog, typed: string): Candidate[] {
  // Retired services stay valid in existing policies but are not offered for new ones.
  const items: Candidate[] = catalog
    .servicesWithPrefix(typed)
    .filter((s) => !s.retired)
    .map((s) => serviceCandidate(s, typed));
  if (typed === '' || typed === '*') {
    // Offered, never first: `"Action": "*"` grants everything and is rarely what a statement needs.
    items.push({
      label: '*',
      value: '*',
      kind: CompletionItemKind.Constant,
      rank: 99,
      detail: `all ${catalog.stats.actions} actions`,
      documentation: 'Every action of every service.',
    });
  }
  return items;
}

function serviceCandidate(s: ServiceInfo, typed: string): Candidate {
  const exact = s.prefix.toLowerCase() === typed.toLowerCase();
  const popular = POPULAR_RANK.get(s.prefix);
  return {
    label: s.prefix,
    // The cursor stays inside the quotes and the list reopens on the service's actions.
    value: `${s.prefix}:$0`,
    snippet: true,
    kind: CompletionItemKind.Module,
    rank: exact ? 1 : popular !== undefined ? 10 + popular : 100,
    detail: `${s.name} (${s.actionCount} actions)`,
    labelDescription: s.name,
    documentation: `[${s.name}](${s.docsUrl}) — ${s.actionCount} actions.`,
    retrigger: true,
  };
}

function serviceActionCandidates(catalog: Catalog, service: ServiceInfo, rest: string): Candidate[] {
  const wildcards = wildcardCandidates(catalog, service, rest);
  const lower = rest.toLowerCase();
  const ranked: { name: string; rank: number }[] = [];
  for (const name of catalog.expandActions(`${service.prefix}:*`)) {
    const local = name.slice(service.prefix.length + 1);
    if (startsWithIgnoreCase(local, rest)) ranked.push({ name, rank: actionRank(name, local, rest) });
    else if (lower && local.toLowerCase().includes(lower)) ranked.push({ name, rank: 5 });
  }
  ranked.sort((a, b) => a.rank - b.rank);
  const kept = ranked.slice(0, MAX_ITEMS - wildcards.length);
  return [
    ...wildcards,
    ...kept.flatMap(({ name, rank }) => {
      const info = catalog.action(name);
      return info && !info.retired ? [actionCandidate(info, rank)] : [];
    }),
  ];
}

/** Exactly typed first, then common actions, then other prefix matches. */
function actionRank(name: string, local: string, rest: string): number {
  if (rest && local.length === rest.length) return 0;
  return COMMON_ACTIONS.has(name.toLowerCase()) ? 1 : 2;
}

/** Markdown for an action: description, access level, resource types, reference link. */
export function actionCandidate(a: ActionInfo, rank: number): Candidate {
  const types = a.resourceTypes.map((r) => `${r.resourceType.name}${r.required ? '*' : ''}`).join(', ');
  const doc = [
    a.description,
    `Access level: **${a.accessLevel}**`,
    a.wildcardOnly ? 'Resource: `*` only' : `Resource types: ${types}`,
    `[${a.service.name} reference](${a.service.docsUrl})`,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    label: a.fullName,
    value: a.fullName,
    kind: CompletionItemKind.Function,
    rank,
    detail: a.accessLevel,
    labelDescription: a.accessLevel,
    documentation: doc,
  };
}

/** `prefix:*` and `prefix:Verb*` for verbs shared by at least two actions and starting with `rest`. */
function wildcardCandidates(catalog: Catalog, service: ServiceInfo, rest: string): Candidate[] {
  const out: Candidate[] = [];
  if (rest === '' || rest === '*') out.push(wildcard(`${service.prefix}:*`, service.actionCount, 0));
  for (const [verb, count] of verbCounts(catalog, service)) {
    if (count < 2 || !startsWithIgnoreCase(verb, rest)) continue;
    // Typing exactly a verb (`Get`) most likely means its wildcard: rank it first. The count is
    // the pattern's own (IAM matches case-insensitively: `Get*` also covers `GetaX`-like names).
    const pattern = `${service.prefix}:${verb}*`;
    out.push(wildcard(pattern, catalog.countActions(pattern), verb.toLowerCase() === rest.toLowerCase() ? 0 : 3));
  }
  return out;
}

function wildcard(pattern: string, count: number, rank: number): Candidate {
  return {
    label: pattern,
    value: pattern,
    kind: CompletionItemKind.Constant,
    rank,
    detail: `${count} action${count === 1 ? '' : 's'}`,
    labelDescription: `${count} action${count === 1 ? '' : 's'}`,
    documentation: `Matches ${count} action${count === 1 ? '' : 's'}. Wildcards grant actions AWS adds later too.`,
  };
}

const verbCache = CACHES.weak<Catalog, Map<string, Map<string, number>>>('completion.verbs');

/** Leading verbs (`Get`, `List`, `Put`, …) of a service's action names, with counts; cached. */
function verbCounts(catalog: Catalog, service: ServiceInfo): Map<string, number> {
  let byService = verbCache.get(catalog);
  if (!byService) verbCache.set(catalog, (byService = new Map()));
  let counts = byService.get(service.prefix);
  if (!counts) {
    counts = new Map();
    for (const name of catalog.expandActions(`${service.prefix}:*`)) {
      const verb = /^[A-Z][a-z]+/.exec(name.slice(service.prefix.length + 1))?.[0];
      if (verb) counts.set(verb, (counts.get(verb) ?? 0) + 1);
    }
    byService.set(service.prefix, counts);
  }
  return counts;
}
