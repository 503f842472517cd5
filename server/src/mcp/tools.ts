/**
 * The tools IAM Policy Studio offers to AI agents, one definition each: name, description, input and
 * output schemas (zod, published as JSON Schema by the MCP SDK) and a handler that returns a short
 * text summary and a structured result. The same definitions serve the MCP server (`iam-policy-studio
 * mcp`) and VS Code's language-model tools (through the language server). Offline; files are read
 * only inside the workspace root; bad input gives a structured error, never a crash.
 */
import { z } from 'zod';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { resolve } from 'node:path';
import type { ActionInfo, Catalog } from '../core/catalog';
import { evaluate, parseEvaluationInput } from '../core/evaluator';
import { expandActions, whoCan } from '../core/model';
import { simulate } from '../service/simulation';
import { leastPrivilegePolicy } from '../core/policy/leastPrivilege';
import { parsePolicy } from '../core/policy';
import { catalogMultiValued, catalogUniverse, comparePolicies, type CompareResult } from '../core/reasoning';
import { POLICY_TYPES, type PolicyType } from '../core/policyType';
import { getLanguageService, type PolicyLanguageService } from '../service';
import { nodeAt, pathOf } from '../service/jsonPath';
import { fixDocument } from '../cli/fix';
import { loadModelFile, workspaceRelative, type TerraformBlocks } from '../node/modelFiles';

export interface ToolEnv {
  readonly catalog: Catalog | undefined;
  /** Folder that model files must be inside. */
  readonly root: string;
  /** The HCL parser the models' Terraform imports are read with; without it they are reported as not readable. */
  readonly parseTerraform?: TerraformBlocks;
  /** What the tools keep between calls: one per tool server. */
  readonly state: ToolState;
}

/**
 * What the tools keep between calls, owned by whoever serves them (an MCP server, the language
 * server's agent-tool handler, a test): the language service that validate_policy and
 * least_privilege_policy check policies with, made on first use for the catalog it is asked with
 * (and made again when that catalog changes), and the counter that gives each checked policy a
 * document URI of its own. Two tool servers in one process share nothing; a test makes a fresh one.
 */
export class ToolState {
  private service: PolicyLanguageService | undefined;
  private serviceCatalog: Catalog | undefined;
  private documents = 0;

  /** The language service for `catalog`. */
  languageService(catalog: Catalog | undefined): PolicyLanguageService {
    if (!this.service || this.serviceCatalog !== catalog) {
      this.service = getLanguageService({ catalog });
      this.serviceCatalog = catalog;
    }
    return this.service;
  }

  /** A document URI no earlier check used: checks may overlap, each with its own policy-type override. */
  documentUri(): string {
    return `iam-policy-studio-agent:/policy-${++this.documents}.json`;
  }
}

export interface ToolResult {
  readonly summary: string;
  readonly structured: Record<string, unknown>;
}

/** A tool's bad input or failed precondition: reported to the agent as an error result. */
export class ToolError extends Error {}

type Shape = z.ZodRawShape;

export interface ToolDefinition<I extends Shape = Shape> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly input: I;
  readonly output: Shape;
  run(args: z.objectOutputType<I, z.ZodTypeAny>, env: ToolEnv): Promise<ToolResult> | ToolResult;
}

/** A tool whose handler sees its arguments typed by its input schema. */
const defineTool = <I extends Shape>(tool: ToolDefinition<I>): ToolDefinition => tool;

const policyTypeSchema = z.enum(POLICY_TYPES.map((p) => p.type) as [PolicyType, ...PolicyType[]]);
const policySchema = z.union([z.string(), z.record(z.unknown())]).describe('The policy document: a JSON object, or its text');
const contextSchema = z
  .record(z.union([z.string(), z.array(z.string())]))
  .describe('Condition keys and their values, e.g. {"aws:SourceIp": "203.0.113.5"}');
const SEVERITY = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
} as const;
const MAX_LIST = 200;
const MAX_POLICY_CHARS = 1024 * 1024;

function needCatalog(env: ToolEnv): Catalog {
  if (!env.catalog) throw new ToolError('the AWS service catalog is not available');
  return env.catalog;
}

// ---- validate_policy -------------------------------------------------------------------------

const findingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info', 'hint']),
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).describe('JSON path of the element, e.g. ["Statement", 0, "Action", 1]'),
  line: z.number(),
  column: z.number(),
  fix: z.object({ title: z.string(), newText: z.string() }).optional(),
});

/** Validates a policy text with the editor's checks; the fixed text when preferred fixes apply. */
export async function validatePolicyText(text: string, type: PolicyType | undefined, env: ToolEnv) {
  if (text.length > MAX_POLICY_CHARS)
    throw new ToolError(`the policy has ${text.length} characters; at most ${MAX_POLICY_CHARS} are checked`);
  const ls = env.state.languageService(env.catalog);
  const uri = env.state.documentUri();
  ls.setPolicyTypeOverride(uri, type);
  try {
    const document = TextDocument.create(uri, 'iam-policy', 1, text);
    const parsed = ls.parse(document);
    const diagnostics = await ls.doValidation(document, parsed);
    const findings = diagnostics.map((d) => finding(ls, document, parsed, d));
    const fixed = await fixDocument(ls, document);
    const detected = ls.getPolicyType(document, parsed);
    return { findings, policyType: detected.type, fixedPolicy: fixed.fixes > 0 ? fixed.document.getText() : undefined };
  } finally {
    ls.setPolicyTypeOverride(uri, undefined);
  }
}

function finding(
  ls: PolicyLanguageService,
  document: TextDocument,
  parsed: ReturnType<PolicyLanguageService['parse']>,
  d: Diagnostic,
): z.infer<typeof findingSchema> {
  const node = nodeAt(parsed.json, document.offsetAt(d.range.start));
  const [action] = ls.doCodeActions(document, parsed, d.range, { diagnostics: [d], only: ['quickfix'] }).filter((a) => a.isPreferred);
  const edit = action?.edit?.changes?.[document.uri]?.[0];
  return {
    code: String(d.code ?? ''),
    severity: SEVERITY[d.severity ?? DiagnosticSeverity.Error],
    message: typeof d.message === 'string' ? d.message : d.message.value,
    path: node ? pathOf(node) : [],
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    ...(action && edit ? { fix: { title: action.title, newText: edit.newText } } : {}),
  };
}

const validatePolicy = defineTool({
  name: 'validate_policy',
  title: 'Validate an IAM policy',
  description:
    'Checks an AWS IAM policy offline with the checks of AWS IAM Access Analyzer (same issue codes) and the policy grammar, ' +
    'for a policy type (identity, resource, trust, boundary, session, scp, rcp, vpc-endpoint; detected when omitted). ' +
    'Returns every finding with its severity, JSON path and safe fix, and the policy with the safe fixes applied.',
  input: { policy: policySchema, policyType: policyTypeSchema.optional() },
  output: {
    valid: z.boolean(),
    policyType: z.string(),
    errors: z.number(),
    warnings: z.number(),
    findings: z.array(findingSchema),
    fixedPolicy: z.string().optional(),
  },
  async run(args, env) {
    const text = typeof args.policy === 'string' ? args.policy : JSON.stringify(args.policy, null, 2);
    const { findings, policyType, fixedPolicy } = await validatePolicyText(text, args.policyType, env);
    const errors = findings.filter((f) => f.severity === 'error').length;
    const warnings = findings.filter((f) => f.severity === 'warning').length;
    const lines = findings.slice(0, 20).map((f) => `${f.severity} ${f.code} at ${f.path.join('.') || '(document)'}: ${f.message}`);
    return {
      summary: `${errors === 0 ? 'Valid' : 'Invalid'} ${policyType} policy: ${errors} error(s), ${warnings} warning(s), ${findings.length - errors - warnings} suggestion(s).${lines.length ? `\n${lines.join('\n')}` : ''}`,
      structured: { valid: errors === 0, policyType, errors, warnings, findings, ...(fixedPolicy ? { fixedPolicy } : {}) },
    };
  },
});

// ---- catalog look-ups --------------------------------------------------------------------------

const actionSchema = z.object({
  action: z.string(),
  accessLevel: z.string(),
  description: z.string(),
  resourceTypes: z.array(z.object({ name: z.string(), arnFormats: z.array(z.string()), required: z.boolean() })),
  conditionKeys: z.array(z.string()),
});

function describeAction(a: ActionInfo): z.infer<typeof actionSchema> {
  return {
    action: a.fullName,
    accessLevel: a.accessLevel,
    description: a.description,
    resourceTypes: a.resourceTypes.map((r) => ({ name: r.resourceType.name, arnFormats: [...r.resourceType.arns], required: r.required })),
    conditionKeys: a.conditionKeys.map((k) => k.key),
  };
}

const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;

const lookupActions = defineTool({
  name: 'lookup_actions',
  title: 'Look up AWS actions',
  description:
    'Finds AWS IAM actions in the offline service catalog: by pattern ("s3:Get*"), by words ("s3 delete bucket policy"), ' +
    'or every action of a service; optionally only one access level. Returns each action with its access level, ' +
    'description, resource types (ARN formats) and condition keys.',
  input: {
    query: z.string().optional().describe('An action pattern such as "s3:Get*", or words to search for in action names and descriptions'),
    service: z.string().optional().describe('A service prefix such as "s3"'),
    accessLevel: z.enum(ACCESS_LEVELS).optional(),
  },
  output: { actions: z.array(actionSchema), total: z.number(), truncated: z.boolean(), catalog: z.string() },
  run(args, env) {
    const catalog = needCatalog(env);
    const query = args.query?.trim() ?? '';
    const prefix = args.service?.trim().toLowerCase();
    if (!query && !prefix) throw new ToolError('give a query or a service');
    if (prefix && !catalog.service(prefix)) throw new ToolError(`'${prefix}' is not a service prefix of the AWS service catalog`);
    let found: ActionInfo[];
    if (query.includes(':')) found = catalog.actionsMatching(query);
    else {
      const pool = prefix ? catalog.actionsOf(prefix) : catalog.services().flatMap((s) => catalog.actionsOf(s.prefix));
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      found = pool.filter((a) => {
        const text = `${a.fullName} ${a.description} ${a.service.name}`.toLowerCase();
        return words.every((w) => text.includes(w));
      });
    }
    if (prefix) found = found.filter((a) => a.service.prefix.toLowerCase() === prefix);
    const level = args.accessLevel;
    if (level) found = found.filter((a) => a.accessLevels.includes(level));
    const shown = found.slice(0, MAX_LIST);
    return {
      summary: `${found.length} action(s)${found.length > shown.length ? `, first ${shown.length} shown` : ''}: ${shown
        .slice(0, 30)
        .map((a) => a.fullName)
        .join(', ')}${shown.length > 30 ? ', …' : ''}`,
      structured: {
        actions: shown.map(describeAction),
        total: found.length,
        truncated: found.length > shown.length,
        catalog: catalog.versionLabel,
      },
    };
  },
});

function oneAction(catalog: Catalog, name: string): ActionInfo {
  const action = catalog.action(name.trim());
  if (action) return action;
  const near = catalog.suggestActions(name, 1)[0];
  throw new ToolError(`'${name}' is not an action of the AWS service catalog${near ? ` (did you mean ${near}?)` : ''}`);
}

const resourceArnFormats = defineTool({
  name: 'resource_arn_formats',
  title: "ARN formats of an action's resources",
  description:
    'The resource types an AWS action acts on, with their ARN formats (placeholders such as ${BucketName}), and whether the action supports resource-level permissions at all (if not, its Resource must be "*").',
  input: { action: z.string().describe('An action such as "s3:GetObject"') },
  output: {
    action: z.string(),
    resourceLevelPermissions: z.boolean(),
    resourceTypes: z.array(z.object({ name: z.string(), arnFormats: z.array(z.string()), required: z.boolean() })),
  },
  run(args, env) {
    const a = oneAction(needCatalog(env), args.action);
    const types = describeAction(a).resourceTypes;
    return {
      summary: a.wildcardOnly
        ? `${a.fullName} has no resource-level permissions: use "Resource": "*".`
        : `${a.fullName}: ${types.map((t) => `${t.name} ${t.arnFormats.join(' | ')}${t.required ? ' (required)' : ''}`).join('; ')}`,
      structured: { action: a.fullName, resourceLevelPermissions: !a.wildcardOnly, resourceTypes: types },
    };
  },
});

const conditionKeys = defineTool({
  name: 'condition_keys',
  title: 'Condition keys of an action',
  description:
    'The condition keys an AWS action supports (its own and those of its resource types), with their types (String, ARN, Bool, Numeric, Date, IPAddress; ArrayOf… are multivalued and need ForAnyValue/ForAllValues). Global aws: keys apply to every action and are listed separately when asked.',
  input: { action: z.string(), includeGlobal: z.boolean().optional() },
  output: {
    action: z.string(),
    keys: z.array(z.object({ key: z.string(), type: z.string(), multiValued: z.boolean(), description: z.string(), global: z.boolean() })),
  },
  run(args, env) {
    const catalog = needCatalog(env);
    const a = oneAction(catalog, args.action);
    const own = catalog.conditionKeysForActions([a]).filter((k) => !k.global);
    const keys = [...own, ...(args.includeGlobal ? catalog.globalConditionKeys() : [])].map((k) => ({
      key: k.key,
      type: k.type,
      multiValued: k.multiValued,
      description: k.description,
      global: k.global,
    }));
    return {
      summary: `${a.fullName}: ${own.map((k) => `${k.key} (${k.type})`).join(', ') || 'no service-specific keys'}`,
      structured: { action: a.fullName, keys },
    };
  },
});

// ---- evaluation --------------------------------------------------------------------------------

const simulateRequest = defineTool({
  name: 'simulate_request',
  title: 'Simulate an AWS request against policies',
  description:
    'Decides one request with the AWS policy evaluation logic, offline: identityPolicies, resourcePolicy, permissionBoundaries, sessionPolicy, scps, rcps, vpcEndpointPolicies ' +
    '(each a policy document) and request {principal (ARN, account id or service principal), action, resource, context}. ' +
    'Returns Allowed / ExplicitDeny / ImplicitDeny, why, the deciding statements and the context keys the conditions needed but did not get.',
  input: {
    identityPolicies: z.array(z.unknown()).optional(),
    resourcePolicy: z.unknown().optional(),
    permissionBoundaries: z.array(z.unknown()).optional(),
    sessionPolicy: z.unknown().optional(),
    scps: z.array(z.array(z.unknown())).optional().describe('SCP levels, root first; every level must allow'),
    rcps: z.array(z.array(z.unknown())).optional(),
    vpcEndpointPolicies: z.array(z.unknown()).optional(),
    request: z.object({
      principal: z.unknown(),
      action: z.string(),
      resource: z.string(),
      resourceAccount: z.string().optional(),
      context: contextSchema.optional(),
    }),
  },
  output: {
    decision: z.enum(['Allowed', 'ExplicitDeny', 'ImplicitDeny']),
    summary: z.string(),
    decidedBy: z.array(z.unknown()),
    missingContextKeys: z.array(z.string()),
  },
  run(args) {
    const parsed = parseEvaluationInput(args);
    if (!parsed.ok) throw new ToolError(parsed.errors.map((e) => `${e.path.length ? `${e.path.join('.')}: ` : ''}${e.message}`).join('; '));
    const outcome = evaluate(parsed.request, parsed.policies);
    if (outcome.decision === 'Error') throw new ToolError(outcome.summary);
    return {
      summary: `${outcome.decision}: ${outcome.summary}`,
      structured: {
        decision: outcome.decision,
        summary: outcome.summary,
        decidedBy: [...outcome.decidedBy],
        missingContextKeys: [...outcome.missingContextKeys],
      },
    };
  },
});

// ---- comparison --------------------------------------------------------------------------------

function policyFrom(value: unknown, name: string) {
  let doc = value;
  if (typeof value === 'string') {
    try {
      doc = JSON.parse(value) as unknown;
    } catch (err) {
      throw new ToolError(`${name} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const { policy, errors } = parsePolicy(doc, { source: name });
  if (errors.length > 0)
    throw new ToolError(`${name} is not a valid policy: ${errors[0]?.path.join('.') || '(document)'}: ${errors[0]?.message}`);
  return policy;
}

/** Decides whether `next` allows a request `prev` does not (the reasoning engine, docs/compare.md). */
function compareDocuments(prev: unknown, next: unknown, type: PolicyType, catalog: Catalog, all: boolean): CompareResult {
  return comparePolicies(policyFrom(prev, 'old'), policyFrom(next, 'new'), {
    type,
    universe: catalogUniverse(catalog),
    multiValued: catalogMultiValued(catalog),
    all,
  });
}

const comparePoliciesTool = defineTool({
  name: 'compare_policies',
  title: 'Does a new policy version grant new access?',
  description:
    'Decides, offline and exactly (not by sampling), whether the new version of a policy allows some request (principal, action, resource, context) that the old version does not. ' +
    'Returns newAccess true/false (or "unknown" when undecidable) and counterexamples: concrete requests allowed by the new version and not by the old, each verified with the evaluator, with the statements responsible.',
  input: {
    old: policySchema,
    new: policySchema,
    policyType: policyTypeSchema.optional(),
    all: z.boolean().optional().describe('one counterexample per distinct reason instead of the first'),
  },
  output: {
    verdict: z.enum(['new-access', 'no-new-access', 'unknown']),
    newAccess: z.boolean(),
    counterexamples: z.array(z.unknown()),
    reason: z.string().optional(),
    catalog: z.string(),
  },
  run(args, env) {
    const catalog = needCatalog(env);
    const result = compareDocuments(args.old, args.new, args.policyType ?? 'identity', catalog, args.all === true);
    const first = result.counterexamples[0];
    return {
      summary:
        result.verdict === 'new-access'
          ? `The new version grants new access: ${first?.summary ?? ''}${result.counterexamples.length > 1 ? ` (+${result.counterexamples.length - 1} more)` : ''}`
          : result.verdict === 'no-new-access'
            ? 'The new version grants no access the old one does not.'
            : `Undecided: ${result.reason ?? 'the procedure could not decide'}`,
      structured: {
        verdict: result.verdict,
        newAccess: result.verdict === 'new-access',
        counterexamples: [...result.counterexamples],
        ...(result.reason ? { reason: result.reason } : {}),
        catalog: catalog.versionLabel,
      },
    };
  },
});

// ---- least privilege -------------------------------------------------------------------------

const accessSchema = z.object({
  actions: z.array(z.string()).min(1),
  resources: z.array(z.string()).optional(),
  conditions: z.record(z.record(z.union([z.string(), z.array(z.string())]))).optional(),
});

/** Requests the generated policy must allow, for the self-check: every action on every requested resource. */
function probes(
  requested: { Statement: Record<string, unknown>[] },
  broadened: ReadonlySet<string>,
): { action: string; resource: string; context: Record<string, string | string[]> }[] {
  const out: { action: string; resource: string; context: Record<string, string | string[]> }[] = [];
  for (const s of requested.Statement) {
    const actions = ([] as string[]).concat(s.Action as string | string[]);
    const resources = ([] as string[]).concat(s.Resource as string | string[]);
    const context: Record<string, string | string[]> = {};
    for (const block of Object.values((s.Condition ?? {}) as Record<string, Record<string, string | string[]>>))
      Object.assign(context, block);
    for (const action of actions)
      for (const r of resources) out.push({ action, resource: broadened.has(action) || r.includes('*') ? concrete(r) : r, context });
  }
  return out;
}

/** A concrete resource for a pattern: wildcards filled in. */
function concrete(pattern: string): string {
  return pattern === '*' ? '*' : pattern.replace(/\*/g, 'x').replace(/\?/g, 'x');
}

const leastPrivilege = defineTool({
  name: 'least_privilege_policy',
  title: 'Least-privilege policy for the access you need',
  description:
    'Writes an identity policy that grants exactly the requested access: access = [{actions, resources, conditions?}]. ' +
    "Action patterns are expanded to the catalog's actions (never left as wildcards), resources are kept as ARNs wherever the action supports resource-level permissions " +
    '(actions without them are granted on "*" and reported as broadened), statements are grouped by resources and conditions. ' +
    'The result is validated (no errors) and checked to allow every requested action on every requested resource before it is returned.',
  input: { access: z.array(accessSchema).min(1) },
  output: {
    policy: z.record(z.unknown()),
    broadened: z.array(z.object({ action: z.string(), requested: z.array(z.string()) })),
    expanded: z.array(z.object({ pattern: z.string(), actions: z.array(z.string()) })),
    findings: z.array(findingSchema),
    grantsOnlyRequest: z.boolean().describe('proven by comparison with the request: true; undecided: false'),
  },
  async run(args, env) {
    const catalog = needCatalog(env);
    const made = leastPrivilegePolicy(catalog, args.access);
    if (!made.ok) throw new ToolError(made.errors.join('\n'));
    const { policy, broadened, expanded, requested } = made.result;
    const text = JSON.stringify(policy, null, 2);
    const { findings } = await validatePolicyText(text, 'identity', env);
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0)
      throw new ToolError(`the generated policy does not validate: ${errors.map((e) => `${e.code}: ${e.message}`).join('; ')}`);
    const wide = new Set(broadened.map((b) => b.action));
    for (const p of probes(requested, wide)) {
      const input = parseEvaluationInput({
        identityPolicies: [policy],
        request: { principal: 'arn:aws:iam::111122223333:user/agent', action: p.action, resource: p.resource, context: p.context },
      });
      const outcome = input.ok ? evaluate(input.request, input.policies) : undefined;
      if (outcome?.decision !== 'Allowed')
        throw new ToolError(
          `self-check failed: the generated policy does not allow ${p.action} on ${p.resource} (${outcome?.decision ?? 'not evaluable'})`,
        );
    }
    // Proof, not a sample: the policy grants nothing beyond the request (with the unavoidable "*"
    // for actions that have no resource-level permissions).
    const reference = {
      ...requested,
      Statement: [
        ...requested.Statement,
        ...(broadened.length ? [{ Effect: 'Allow', Action: broadened.map((b) => b.action), Resource: '*' }] : []),
      ],
    };
    const proof = compareDocuments(reference, policy, 'identity', catalog, false);
    if (proof.verdict === 'new-access')
      throw new ToolError(`self-check failed: the generated policy grants more than asked: ${proof.counterexamples[0]?.summary ?? ''}`);
    const statements = policy.Statement.length;
    return {
      summary:
        `${statements} statement(s) granting ${new Set(policy.Statement.flatMap((s) => ([] as string[]).concat(s.Action as string | string[]))).size} action(s); validated with no errors; ` +
        (proof.verdict === 'no-new-access'
          ? 'proven to grant nothing beyond the request.'
          : `whether it grants more than the request is undecided (${proof.reason ?? 'unknown'}).`) +
        (broadened.length ? ` Granted on "*" (no resource-level permissions): ${broadened.map((b) => b.action).join(', ')}.` : '') +
        `\n${text}`,
      structured: {
        policy,
        broadened: [...broadened],
        expanded: [...expanded],
        findings,
        grantsOnlyRequest: proof.verdict === 'no-new-access',
      },
    };
  },
});

// ---- workspace models ------------------------------------------------------------------------

function modelAt(file: string, env: ToolEnv) {
  const abs = resolve(env.root, file);
  if (workspaceRelative(env.root, abs) === undefined) throw new ToolError(`the model file must be inside the workspace (${env.root})`);
  const loaded = loadModelFile(abs, env.root, env.parseTerraform);
  if (!loaded.ok) throw new ToolError(loaded.message);
  return loaded.model;
}

const simulateModel = defineTool({
  name: 'simulate_model',
  title: 'Simulate access in a workspace model',
  description:
    'Asks a workspace model (*.iam-model.json or an account-authorization-details export, inside the workspace) whether a principal ' +
    '(user or role name, or ARN) may perform actions on resources, after identity policies, boundaries, SCPs, RCPs and resource policies.',
  input: {
    model: z.string(),
    principal: z.string(),
    actions: z.array(z.string()).min(1),
    resources: z.array(z.string()).optional(),
    context: contextSchema.optional(),
  },
  output: {
    principal: z.string(),
    results: z.array(
      z.object({
        action: z.string(),
        resource: z.string(),
        decision: z.string(),
        summary: z.string(),
        missingContextKeys: z.array(z.string()),
      }),
    ),
  },
  run(args, env) {
    const model = modelAt(args.model, env);
    const result = simulate(
      model,
      {
        principal: args.principal,
        actions: args.actions,
        resources: args.resources ?? ['*'],
        context: args.context ?? {},
      },
      { catalog: env.catalog, brief: true },
    );
    if (result.errors.length > 0) throw new ToolError(result.errors.join('\n'));
    const results = result.entries.map((e) => ({
      action: e.action,
      resource: e.resource,
      decision: e.decision,
      summary: e.summary,
      missingContextKeys: [...e.missingContextKeys],
    }));
    return {
      summary: results.map((r) => `${r.decision} ${r.action} on ${r.resource}`).join('\n'),
      structured: { principal: result.principal ?? String(args.principal), results },
    };
  },
});

const whoCanTool = defineTool({
  name: 'who_can',
  title: 'Who can make a request',
  description:
    'Lists every principal of a workspace model (and outside principals granted by resource policies) that can perform an action on a resource, with role chains and the conditions it depends on.',
  input: { model: z.string(), action: z.string(), resource: z.string().optional(), context: contextSchema.optional() },
  output: {
    principals: z.array(
      z.object({ principal: z.string(), action: z.string(), resource: z.string(), decision: z.string(), via: z.array(z.string()) }),
    ),
  },
  run(args, env) {
    const model = modelAt(args.model, env);
    const result = whoCan(
      model,
      { actions: [args.action], resources: [args.resource ?? '*'] },
      { catalog: env.catalog, context: args.context ?? {} },
    );
    if (result.errors.length > 0) throw new ToolError(result.errors.join('\n'));
    const unknown = expandActions(result.unknownActions, env.catalog).unknown;
    const principals = result.entries.map((e) => ({
      principal: e.principal,
      action: e.action,
      resource: e.resource,
      decision: e.decision,
      via: [...(e.via ?? [])],
    }));
    return {
      summary: `${principals.length} principal(s) can: ${principals.map((p) => p.principal).join(', ')}${unknown.length ? ` (unknown actions: ${unknown.join(', ')})` : ''}`,
      structured: { principals },
    };
  },
});

/** Every tool, in the order agents see them. */
export const TOOLS: readonly ToolDefinition[] = [
  validatePolicy,
  lookupActions,
  resourceArnFormats,
  conditionKeys,
  simulateRequest,
  comparePoliciesTool,
  leastPrivilege,
  simulateModel,
  whoCanTool,
];

/** Runs a tool by name with unchecked input (VS Code's language-model tools): validates it first. */
export async function runTool(name: string, input: unknown, env: ToolEnv): Promise<ToolResult & { isError?: boolean }> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) return { summary: `unknown tool '${name}'`, structured: { error: `unknown tool '${name}'` }, isError: true };
  const parsed = z.object(tool.input).safeParse(input);
  if (!parsed.success)
    return {
      summary: `invalid input: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      structured: { error: 'invalid input' },
      isError: true,
    };
  return guarded(() => tool.run(parsed.data, env));
}

/** A handler's result, or its failure as an error result (never a throw). */
export async function guarded(run: () => Promise<ToolResult> | ToolResult): Promise<ToolResult & { isError?: boolean }> {
  try {
    return await run();
  } catch (err) {
    const message = err instanceof ToolError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    return { summary: message, structured: { error: message }, isError: true };
  }
}
