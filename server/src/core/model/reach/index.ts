/**
 * Reverse questions over the workspace model: who can make a request ({@link whoCan}), built on
 * one reachability view per model ({@link reachOf}) whose edges are evaluated requests.
 */
export { reachOf, Reach, identityPolicies, statementCovers, policyCovers } from './reach';
export type { ReachOptions, ReachPrincipal, AssumeEdge } from './reach';
export { whoCan, expandResources, conditionsOf } from './whoCan';
export type { WhoCanInput, WhoCanEntry, WhoCanResult, WhoCanKind, WhoCanCondition, Undetermined } from './whoCan';
