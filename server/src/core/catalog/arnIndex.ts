/**
 * Which resource types an ARN (pattern) can denote, across the catalog or for one action. The
 * templates are bucketed by their ARN's service part (which can differ from the defining
 * service: apprunner's `webacl` is a `wafv2` ARN) so a literal service part narrows the search.
 */
import { arnTokensIntersect, compileArnPattern, compileArnTemplate, literalArnService, templateService } from './arn';
import type { ArnTokens } from './arn';
import type { ActionInfo, ActionResourceType, ResourceTypeInfo, ServiceInfo } from './types';

/** Resource types bucketed by their ARN's service part, with templates compiled on demand. */
export class ArnResourceIndex {
  private readonly byService = new Map<string, ResourceTypeInfo[]>();
  private readonly anyService: ResourceTypeInfo[] = [];
  private readonly all: ResourceTypeInfo[] = [];
  private readonly compiled = new Map<ResourceTypeInfo, readonly ArnTokens[]>();

  constructor(services: readonly ServiceInfo[]) {
    for (const s of services) for (const rt of s.resourceTypes) this.add(rt);
  }

  /** Resource types (of any service) an ARN or ARN pattern can denote. */
  forArn(arn: string): ResourceTypeInfo[] {
    return this.match(arn, this.candidates(literalArnService(arn)), (rt) => rt);
  }

  /** The action's resource types an ARN or ARN pattern can denote. */
  forAction(action: ActionInfo, arn: string): ActionResourceType[] {
    return this.match(arn, action.resourceTypes, (r) => r.resourceType);
  }

  /** Whether an ARN or ARN pattern can denote a resource of this type. */
  matches(arn: string, rt: ResourceTypeInfo): boolean {
    const user = compileArnPattern(arn);
    return this.tokens(rt).some((t) => arnTokensIntersect(user, t));
  }

  private match<T>(arn: string, items: readonly T[], typeOf: (item: T) => ResourceTypeInfo): T[] {
    const user = compileArnPattern(arn);
    return items.filter((x) => this.tokens(typeOf(x)).some((t) => arnTokensIntersect(user, t)));
  }

  private add(rt: ResourceTypeInfo): void {
    this.all.push(rt);
    const services = new Set(rt.arns.map(templateService));
    for (const svc of services) {
      if (svc === undefined) this.anyService.push(rt);
      else {
        let list = this.byService.get(svc);
        if (!list) this.byService.set(svc, (list = []));
        list.push(rt);
      }
    }
  }

  /** Resource types whose template could match an ARN with this service part. */
  private candidates(service: string | undefined): readonly ResourceTypeInfo[] {
    if (service === undefined) return this.all;
    return [...new Set([...(this.byService.get(service) ?? []), ...this.anyService])];
  }

  /** One compiled template per ARN format of the type. */
  private tokens(rt: ResourceTypeInfo): readonly ArnTokens[] {
    let t = this.compiled.get(rt);
    if (!t) this.compiled.set(rt, (t = rt.arns.map(compileArnTemplate)));
    return t;
  }
}
