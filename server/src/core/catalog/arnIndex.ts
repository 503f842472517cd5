/**
 * Which resource types an ARN (pattern) can denote, across the catalog or for one action. The
 * templates are bucketed by their ARN's service part (which can differ from the defining
 * service: apprunner's `webacl` is a `wafv2` ARN) so a literal service part narrows the search.
 */
import {
  arnTokensIntersect,
  boundResourceStart,
  resourceHeadsClash,
  arnPatternTokens,
  boundArnService,
  compileArnTemplate,
  foldAsciiCase,
  literalArnService,
  templateService,
  templateTokensService,
} from './arn';
import type { ArnTokens } from './arn';
import type { ActionInfo, ActionResourceType, ResourceTypeInfo, ServiceInfo } from './types';

/** {@link ArnResourceIndex.shapeOf}'s code for a literal no candidate template has; wildcards follow it. */
const STAND_IN = 0xe000;
/** How many wildcard codes follow {@link STAND_IN} (policy tokens are -1 … -3). */
const STAND_IN_WILDCARDS = 8;

/** Case-folded literal characters of some templates: ASCII by table, the rest in a set. */
interface Alphabet {
  readonly ascii: Uint8Array;
  readonly other: ReadonlySet<number>;
}

/** Scratch space of {@link ArnResourceIndex.shapeOf}. */
let keyScratch = new Uint16Array(256);

/** Resource types bucketed by their ARN's service part, with templates compiled on demand. */
export class ArnResourceIndex {
  private readonly byService = new Map<string, ResourceTypeInfo[]>();
  private readonly anyService: ResourceTypeInfo[] = [];
  /** Types with a literal service part in every ARN format. */
  private readonly specific: ResourceTypeInfo[] = [];
  private readonly compiled = new Map<ResourceTypeInfo, readonly ArnTokens[]>();
  /** {@link resourceStart} per compiled template. */
  private readonly resourceStarts = new Map<ArnTokens, number>();
  /** Per candidate bucket of {@link forArn} (a service with templates, '' for the others, undefined for any): see {@link shapeOf}. */
  private readonly alphabets = new Map<string | undefined, Alphabet | null>();
  /** {@link specific} by the service part of their templates (see {@link boundCandidates}), built on first use. */
  private bySpecificService: Map<string, readonly ResourceTypeInfo[]> | undefined;
  /** All of {@link specific} when some template's compiled service part is not literal (then no bucket narrows). */
  private unboundSpecific: readonly ResourceTypeInfo[] | undefined;

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
    const candidates = service === undefined ? this.boundCandidates(arn) : (this.byService.get(service) ?? []);
    const specific = this.match(arn, candidates, (rt) => rt);
    return specific.length > 0 ? specific : this.match(arn, this.anyService, (rt) => rt);
  }

  /**
   * The types of {@link specific} that can match an ARN whose literal service part follows a
   * wildcard partition (`arn:*:glue:…`, see {@link boundArnService}): those with a template of
   * that service part, in their order. All of {@link specific} for other ARNs, and for all ARNs
   * when some template's service part is not literal once compiled (AWS's never are).
   */
  private boundCandidates(arn: string): readonly ResourceTypeInfo[] {
    const service = boundArnService(arn);
    if (service === undefined) return this.specific;
    if (!this.bySpecificService) {
      const buckets = new Map<string, ResourceTypeInfo[]>();
      for (const rt of this.specific) {
        const services = new Set(this.tokens(rt).map(templateTokensService));
        if (services.has(null)) {
          buckets.clear();
          this.unboundSpecific = this.specific;
          break;
        }
        for (const s of services as Set<string>) {
          let list = buckets.get(s);
          if (!list) buckets.set(s, (list = []));
          list.push(rt);
        }
      }
      this.bySpecificService = buckets;
    }
    return this.unboundSpecific ?? this.bySpecificService.get(foldAsciiCase(service)) ?? [];
  }

  /**
   * A key that two ARNs share only when {@link forArn} gives them the same answer, so answers can
   * be kept per key: `arn:aws:s3:::bucket-17/*` and `arn:aws:s3:::bucket-48/*` share one. It is
   * the literal service part (which picks the candidate templates) and the compiled pattern with
   * each literal character folded to lower case and, when no candidate template has that
   * character among its literals (nor is it `:` or `/`), replaced by one stand-in. The walk of
   * {@link arnTokensIntersect} looks at a policy literal only through `compatible`: equality with a
   * template literal (case-folded) and membership in a wildcard class, which only asks whether it
   * is `:` or `/`. Characters outside the candidates' literals answer every such question alike.
   */
  shapeOf(arn: string): string {
    const service = literalArnService(arn);
    const alphabet = this.alphabet(service);
    // A catalog whose templates use the stand-in codes (never AWS's): the ARN is its own key.
    if (alphabet === null) return `r${arn}`;
    const user = arnPatternTokens(arn);
    if (keyScratch.length < user.length) keyScratch = new Uint16Array(Math.max(user.length, keyScratch.length * 2));
    const codes = keyScratch;
    for (let i = 0; i < user.length; i++) {
      const c = user[i]!;
      if (c < 0) codes[i] = STAND_IN - c;
      else {
        const f = c >= 65 && c <= 90 ? c + 32 : c;
        codes[i] = f === 58 || f === 47 || (f < 128 ? alphabet.ascii[f] === 1 : alphabet.other.has(f)) ? f : STAND_IN;
      }
    }
    let key = `s${service ?? '*'}:`;
    for (let i = 0; i < user.length; i += 8192)
      key += String.fromCharCode.apply(null, codes.subarray(i, Math.min(i + 8192, user.length)) as unknown as number[]);
    return key;
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
    const intersects = this.intersecting(arnPatternTokens(arn));
    return items.filter((x) => this.tokens(typeOf(x)).some(intersects));
  }

  /**
   * Whether a compiled template intersects `user` ({@link arnTokensIntersect}). With the fields of
   * both bound, a template whose resource part cannot start as the pattern's does is ruled out
   * without the walk: patterns with a wildcard service part (`arn:aws:*:*:*:table/*`) try every template.
   */
  private intersecting(user: ArnTokens): (template: ArnTokens) => boolean {
    const userStart = boundResourceStart(user);
    if (userStart < 0) return (t) => arnTokensIntersect(user, t);
    return (t) => {
      const start = this.resourceStart(t);
      return !(start >= 0 && resourceHeadsClash(user, userStart, t, start)) && arnTokensIntersect(user, t);
    };
  }

  /** {@link boundResourceStart} of a compiled template, computed once. */
  private resourceStart(template: ArnTokens): number {
    let start = this.resourceStarts.get(template);
    if (start === undefined) this.resourceStarts.set(template, (start = boundResourceStart(template)));
    return start;
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

  /**
   * The case-folded literal characters of the templates {@link forArn} may try for an ARN whose
   * literal service part is `service` (its bucket, and the any-service fallback); null when one
   * of them is a stand-in code of {@link shapeOf}.
   */
  private alphabet(service: string | undefined): Alphabet | null {
    // Services without templates of their own all try the same ones: one entry for them.
    const bucket = service === undefined || this.byService.has(service) ? service : '';
    let alphabet = this.alphabets.get(bucket);
    if (alphabet !== undefined) return alphabet;
    const types = [...(bucket === undefined ? this.specific : (this.byService.get(bucket) ?? [])), ...this.anyService];
    const ascii = new Uint8Array(128);
    const other = new Set<number>();
    for (const rt of types)
      for (const t of this.tokens(rt))
        for (const c of t) {
          if (c < 0) continue;
          const f = c >= 65 && c <= 90 ? c + 32 : c;
          if (f < 128) ascii[f] = 1;
          else other.add(f);
        }
    alphabet = [...other].some((c) => c >= STAND_IN && c <= STAND_IN + STAND_IN_WILDCARDS) ? null : { ascii, other };
    this.alphabets.set(bucket, alphabet);
    return alphabet;
  }

  /** One compiled template per ARN format of the type. */
  private tokens(rt: ResourceTypeInfo): readonly ArnTokens[] {
    let t = this.compiled.get(rt);
    if (!t) this.compiled.set(rt, (t = rt.arns.map((t) => compileArnTemplate(t))));
    return t;
  }
}
