/**
 * Which requests resource control policies (RCPs) can restrict. RCPs "apply to actions for" the
 * services of AWS's list only (rcpServices.ts), never to service-linked roles, and not to
 * resources of the management account (AWS Organizations user guide, "Resource control policies
 * (RCPs)", https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html).
 * The caller leaves RCPs out for management-account resources; the rest is decided here.
 */
import { RCP_SERVICE_PREFIXES, RCP_SERVICES_AS_OF } from './rcpServices';
import { CACHES } from '../caches';

/** Service prefixes whose actions RCPs apply to (rcpServices.ts). Pass your own set to `evaluate` to override. */
export const DEFAULT_RCP_SERVICES: ReadonlySet<string> = new Set(RCP_SERVICE_PREFIXES);

// "RCPs do not impact the kms:RetireGrant permission" (same page, "Resources and entities not
// restricted by RCPs"); the KMS guide adds: "not effective in an RCP, even if the Action element
// specifies an asterisk (*) as a wildcard".
const NOT_RESTRICTED_BY_RCPS: ReadonlySet<string> = new Set(['kms:retiregrant']);

// Answers for the default list, by action as asked: evaluations repeat the same actions.
const answers = CACHES.map<string, boolean>('evaluator.rcpServices');

/** Whether RCPs take part in evaluating `action` (`service:Name`, case-insensitive prefix). */
export function rcpApplies(action: string, services: ReadonlySet<string> = DEFAULT_RCP_SERVICES): boolean {
  if (services !== DEFAULT_RCP_SERVICES) return decide(action, services);
  let answer = answers.get(action);
  if (answer === undefined) {
    if (answers.size >= 4096) answers.clear();
    answers.set(action, (answer = decide(action, services)));
  }
  return answer;
}

function decide(action: string, services: ReadonlySet<string>): boolean {
  const colon = action.indexOf(':');
  if (NOT_RESTRICTED_BY_RCPS.has(action.toLowerCase())) return false;
  return colon > 0 && services.has(action.slice(0, colon).toLowerCase());
}

/** "RCPs apply to … (AWS list of 2026-09-26)" or why they do not: for explanations and hovers. */
export function rcpReach(action: string, services: ReadonlySet<string> = DEFAULT_RCP_SERVICES): string {
  const prefix = action.slice(0, Math.max(0, action.indexOf(':'))).toLowerCase();
  if (NOT_RESTRICTED_BY_RCPS.has(action.toLowerCase())) return `RCPs do not restrict ${action} (AWS Organizations user guide).`;
  if (services.has(prefix)) return `RCPs apply to ${prefix} actions (AWS's list of services that support RCPs, ${RCP_SERVICES_AS_OF}).`;
  return `RCPs do not apply to ${prefix || action} actions: ${prefix || action} is not on AWS's list of services that support RCPs (${RCP_SERVICES_AS_OF}).`;
}
