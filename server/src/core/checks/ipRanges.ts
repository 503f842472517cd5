/**
 * aws:SourceIp ranges: private ranges (aws:SourceIp holds only public addresses, so private
 * ranges never match) and CIDRs with host bits set (IAM ignores the bits after the mask).
 */
import { defineCheck, type CheckInfo } from './registry';
import { cidrContains, parseCidr, type Cidr } from '../evaluator/ip';
import type { Finding, StringAt } from './types';
import { json, type RawCondition } from './walk';
import { renameKey } from './conditionKeys';

/** The codes this module reports. */
export const ipRangesCodes: readonly CheckInfo[] = [
  defineCheck('PRIVATE_IP_ADDRESS', 'error', 'Private IP address'),
  defineCheck(
    'PRIVATE_NOT_IP_ADDRESS',
    'error',
    'Private NotIpAddress',
    'access-analyzer-reference-policy-checks-error-private-not-ip-address',
  ),
  defineCheck('PRIVATE_IP_ADDRESS_SUBSET', 'suggestion', 'Private IP address subset'),
  defineCheck(
    'PRIVATE_NOT_IP_ADDRESS_SUBSET',
    'suggestion',
    'Private NotIpAddress subset',
    'access-analyzer-reference-policy-checks-suggestion-private-not-ip-address-subset',
  ),
  defineCheck('IMPROVE_IP_RANGE', 'suggestion', 'Improve IP range'),
];

// RFC 1918 and RFC 4193 (unique local IPv6) ranges.
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'].map((r) => parseCidr(r)!);

/** Whether the whole range lies inside a private range. */
function isPrivate(range: Cidr): boolean {
  return PRIVATE.some((p) => p.address.v6 === range.address.v6 && p.prefix <= range.prefix && cidrContains(p, range.address));
}

/** Checks the values of an IpAddress/NotIpAddress condition on aws:SourceIp. */
export function ipChecks(c: RawCondition, base: string, values: readonly StringAt[], out: Finding[]): void {
  const parsed = values.map((v) => ({ v, cidr: parseCidr(v.value) })).filter((x): x is { v: StringAt; cidr: Cidr } => x.cidr !== undefined);
  for (const { v, cidr } of parsed) improveRange(v, cidr, out);
  if (!/^aws:sourceip$/i.test(c.key) || parsed.length === 0) return;
  const privates = parsed.filter((x) => isPrivate(x.cidr)).length;
  const not = base === 'NotIpAddress';
  if (privates === parsed.length) {
    out.push({
      code: not ? 'PRIVATE_NOT_IP_ADDRESS' : 'PRIVATE_IP_ADDRESS',
      path: c.path,
      target: 'key',
      message: `The values of aws:SourceIp are all private ranges, which aws:SourceIp never holds (it has public addresses only): the condition ${not ? 'has no effect' : 'never matches'}. Use aws:VpcSourceIp for private ranges.`,
      fixes: [renameKey(c.path, 'aws:VpcSourceIp', true)],
    });
  } else if (privates > 0) {
    out.push({
      code: not ? 'PRIVATE_NOT_IP_ADDRESS_SUBSET' : 'PRIVATE_IP_ADDRESS_SUBSET',
      path: c.path,
      target: 'key',
      message:
        'The values of aws:SourceIp mix private and public ranges: the private ones have no effect (aws:SourceIp holds public addresses only). Use aws:VpcSourceIp for private ranges.',
    });
  }
}

function improveRange(v: StringAt, cidr: Cidr, out: Finding[]): void {
  const masked = maskedGroups(cidr);
  if (!v.value.includes('/') || masked.every((g, i) => g === cidr.address.groups[i])) return;
  const fixed = `${formatAddress(cidr.address.v6, masked)}/${cidr.prefix}`;
  out.push({
    code: 'IMPROVE_IP_RANGE',
    path: v.path,
    target: 'value',
    message: `The bits of ${json(v.value)} after the /${cidr.prefix} mask are ignored: write ${json(fixed)}.`,
    fixes: [
      {
        title: `Replace with ${json(fixed)}`,
        edits: [{ kind: 'replace', path: v.path, target: 'value', json: json(fixed) }],
        preferred: true,
      },
    ],
  });
}

/** The 16-bit groups of the range's network address (host bits cleared). */
function maskedGroups(cidr: Cidr): number[] {
  return cidr.address.groups.map((g, i) => {
    const bits = Math.max(0, Math.min(16, cidr.prefix - i * 16));
    return g & ((0xffff << (16 - bits)) & 0xffff);
  });
}

/** Dotted IPv4, or compressed lowercase IPv6. */
function formatAddress(v6: boolean, groups: readonly number[]): string {
  if (!v6) return [groups[0]! >> 8, groups[0]! & 255, groups[1]! >> 8, groups[1]! & 255].join('.');
  return compressV6(groups.map((g) => g.toString(16)));
}

function compressV6(hex: string[]): string {
  let best = -1,
    bestLen = 0;
  for (let i = 0; i < hex.length; i++) {
    let j = i;
    while (j < hex.length && hex[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      best = i;
      bestLen = j - i;
    }
  }
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
