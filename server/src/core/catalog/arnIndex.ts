/**
 * Which resource types an ARN (pattern) can denote, across the catalog or for one action. The
 * templates are bucketed by their ARN's service part (which can differ from the defining
 * service: apprunner's `webacl` is a `wafv2` ARN) so a literal service part narrows the search.
 */
import { arnTokensIntersect, arnPatternTokens, compileArnTemplate, literalArnService, templateService } from './arn';
import type { ArnTokens } from './arn';
import type { ActionInfo, ActionResourceType, ResourceTypeInfo, ServiceInfo } from './types';

/** Resource types bucketed by their ARN's service part, with templates compiled on demand. */
export class ArnResourceIndex {
  private readonly byService = new Map<string, ResourceTypeInfo[]>();
  private readonly anyService: ResourceTypeInfo[] = [];
  /** Types with a literal service part in every ARN format. */
  private readonly specific: ResourceTypeInfo[] = [];
  private readonly compiled = new Map<ResourceTypeInfo, readonly ArnTokens[]>();

  constructor(services: readonly ServiceInfo[]) {
    for (const s of services) for (const rt of s.resourceTypes) this.add(rt);
  }

  /**
   * Resource types (of any service) an ARN or ARN pattern can denote. Templates whose service
   * part is itself a variable (backup's `arn:${Partition}:${Vendor}:…:${RecoveryPointId}`) match
   * nearly anything, so they are only reported when no specific template matches.
   */
  forArn(arn: string): ResourceTypeInfo[] {
    const service = literalArnService(arn);
    const specific = this.match(arn, service === undefined ? this.specific : (this.byService.get(service) ?? []), (rt) => rt);
    return specific.length > 0 ? specific : this.match(arn, this.anyService, (rt) => rt);
  }

  /** The action's resource types an ARN or ARN pattern can denote. */
  forAction(action: ActionInfo, arn: string): ActionResourceType[] {
    return this.match(arn, action.resourceTypes, (r) => r.resourceType);
  }

  /** Whether an ARN or ARN pattern can denote a resource of this type. */
  matches(arn: string, rt: ResourceTypeInfo): boolean {
    const user = arnPatternTokens(arn);
    return this.tokens(rt).some((t) => arnTokensIntersect(user, t));
  }

  private match<T>(arn: string, items: readonly T[], typeOf: (item: T) => ResourceTypeInfo): T[] {
    const user = arnPatternTokens(arn);
    return items.filter((x) => this.tokens(typeOf(x)).some((t) => arnTokensIntersect(user, t)));
  }

  private add(rt: ResourceTypeInfo): void {
    const services = new Set(rt.arns.map(templateService));
    if (services.has(undefined)) this.anyService.push(rt);
    else this.specific.push(rt);
    for (const svc of services) {
      if (svc === undefined) continue;
      let list = this.byService.get(svc);
      if (!list) this.byService.set(svc, (list = []));
      list.push(rt);
    }
  }

  /** One compiled template per ARN format of the type. */
  private tokens(rt: ResourceTypeInfo): readonly ArnTokens[] {
    let t = this.compiled.get(rt);
    if (!t) this.compiled.set(rt, (t = rt.arns.map((t) => compileArnTemplate(t))));
    return t;
  }
}
