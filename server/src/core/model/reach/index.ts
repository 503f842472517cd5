/**
 * Reverse questions over the workspace model: who can make a request ({@link whoCan}), built on
 * one reachability view per model ({@link reachOf}) whose edges are evaluated requests.
 */
export { reachOf, Reach, identityPolicies, statementCovers, policyCovers } from './reach';
export type { ReachOptions, ReachPrincipal, AssumeEdge } from './reach';
export { whoCan, expandResources, conditionsOf } from './whoCan';
export type { WhoCanInput, WhoCanEntry, WhoCanResult, WhoCanKind, WhoCanCondition, Undetermined } from './whoCan';
export { escalationOf, Escalation, ADMIN_PROBES } from './escalation';
export type { EscalationPath, PathStep } from './escalation';
export { METHODS, computeKind } from './methods';
export type { Method, MethodKind, ComputeKind } from './methods';
export { escalationPaths, runPathAssertions, describePath } from './paths';
export type { PathsInput, PathsResult, PathAssertionResult } from './paths';
export { principalCan } from './can';
export type { CanResult, CanGrant, CanService, CanStatement, CanBlocked } from './can';
export { resourceAccess, resourceQuestion, accessLensTitle, ACCESS_LEVELS } from './access';
export type { ResourceAccess, AccessLevelAnswer, AccessPrincipal, ResourceAccessOptions } from './access';
