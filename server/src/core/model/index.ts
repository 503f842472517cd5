/**
 * The workspace model and the simulation engine (pure: no file system; the node glue in
 * `server/src/node/modelFiles.ts` reads files and the AWS managed policy snapshot).
 *
 * ```ts
 * const model = resolveModel(JSON.parse(text), 'examples/org.iam-model.json', host); // model.problems: broken references
 * const planned = planSimulation(model, { principal: 'alice', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::reports/q1.csv'] }, { catalog });
 * if (planned.ok) for (const entry of evaluatePlan(planned.plan)) entry.decidedBy[0]?.file; // …filePath: JSON path of the statement in that file
 * reachableRoles(model, principal);     // which roles a principal can assume, with chains
 * ```
 *
 * Callers simulate through the service's one simulation API (`service/simulation.ts`: `simulate`,
 * or `Simulation.plan` → `missingContext` → `run` with progress and cancellation); access tests
 * run there too (`service/accessTests.ts`).
 *
 * Model files are named `*.iam-model.json` (or `iam-model.json`); a bare
 * `aws iam get-account-authorization-details` output is accepted as a model too.
 */
export { resolveModel } from './resolve';
export { modelFileDeclarations } from './modelFile';
export type { ModelFileSpec } from './modelFile';
export { memoryHost } from './host';
export type { HostFile, ManagedPolicyDocument, ModelHost } from './host';
export { isAccountDetails } from './gaad';
export { decodeDocument, standalonePolicy } from './policies';
export { resolveRef, normalize, dirOf, relativeRef } from './paths';
export { findPrincipal, describePrincipal, allPrincipals, requestPrincipal, DEFAULT_SESSION_NAME } from './principals';
export type { ModelPrincipal, FindResult } from './principals';
export { gatherIdentity, gatherResource, isTrustAction, scpLevels, rcpLevels } from './gather';
export type { IdentitySide, ResourceSide } from './gather';
export { principalContext, resourceContext, requestContext } from './context';
export type { ContextValues } from './context';
export { planSimulation, evaluatePlan, expandActions, Runner } from './simulate';
export type {
  SimulationPlan,
  SimulationInput,
  SimulationOptions,
  SimulationResult,
  SimulationEntry,
  LocatedStatement,
  PolicySource,
  CustomPolicyPrincipal,
} from './simulate';
export { canAssume, assumeChain, assumableRoles, reachableRoles } from './trust';
export type { ChainStep, ChainOutcome, ReachableRole, AssumeOptions } from './trust';
export { isModelFileName, policyUses } from './uses';
export { runNeverAssertions, runNeverAssertion, NEVER_DEFAULT_STEPS } from './never';
export type { NeverAssertionResult, NeverCounterexample, NeverOptions } from './never';
export type * from './types';
export { documentTypeOfKind } from './types';
export {
  reachOf,
  whoCan,
  expandResources,
  escalationOf,
  escalationPaths,
  runPathAssertions,
  describePath,
  METHODS,
  computeKind,
  ADMIN_PROBES,
  principalCan,
  resourceAccess,
  resourceQuestion,
  accessLensTitle,
  ACCESS_LEVELS,
} from './reach';
export type {
  Reach,
  ReachOptions,
  WhoCanEntry,
  WhoCanResult,
  WhoCanInput,
  WhoCanCondition,
  Undetermined,
  EscalationPath,
  PathStep,
  PathsInput,
  PathsResult,
  PathAssertionResult,
  Method,
  CanResult,
  CanGrant,
  CanService,
  CanStatement,
  ResourceAccess,
  AccessLevelAnswer,
  AccessPrincipal,
} from './reach';
