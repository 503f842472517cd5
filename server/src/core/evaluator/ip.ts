/**
 * IPv4 and IPv6 addresses and CIDR ranges for the IpAddress / NotIpAddress operators
 * (reference_policies_elements_condition_operators.md, "IP address condition operators": "The
 * value must be in the standard CIDR format ... If you specify an IP address without the
 * associated routing prefix, IAM uses the default prefix value of /32" — /128 for IPv6).
 * Addresses are arrays of 16-bit groups (2 for IPv4, 8 for IPv6); no regex backtracking.
 */

/** A parsed address: its family and its bits as 16-bit groups. */
export interface IpAddress {
  readonly v6: boolean;
  readonly groups: readonly number[];
}

/** A CIDR range. */
export interface Cidr {
  readonly address: IpAddress;
  readonly prefix: number;
}

/**
 * Parses a dotted IPv4 address: four decimal octets of one to three ASCII digits, each ≤ 255.
 * One pass over the characters: this runs for the request's address on every IpAddress test.
 */
export function parseIPv4(text: string): IpAddress | undefined {
  let part = 0;
  let digits = 0;
  let n = 0;
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0x30 && ch <= 0x39) {
      if (++digits > 3) return undefined;
      n = n * 10 + (ch - 0x30);
    } else if (ch === 0x2e /* . */ && digits > 0 && n <= 255 && part < 3) {
      if (part === 0) a = n;
      else if (part === 1) b = n;
      else c = n;
      part++;
      n = 0;
      digits = 0;
    } else return undefined;
  }
  if (part !== 3 || digits === 0 || n > 255) return undefined;
  return { v6: false, groups: [(a << 8) | b, (c << 8) | n] };
}

/** Parses an IPv6 address, including `::` compression and a dotted IPv4 tail. */
export function parseIPv6(text: string): IpAddress | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : (halves[0] as string).split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : (halves[1] as string).split(':')) : [];
  const tailGroups = groupsOf(tail, true);
  const headGroups = groupsOf(head, halves.length === 1);
  if (!headGroups || !tailGroups) return undefined;
  const total = headGroups.length + tailGroups.length;
  if (halves.length === 1) return total === 8 ? { v6: true, groups: headGroups } : undefined;
  if (total > 7) return undefined;
  return { v6: true, groups: [...headGroups, ...new Array<number>(8 - total).fill(0), ...tailGroups] };
}

/** Hex groups; the last one may be a dotted IPv4 address when `allowV4Tail`. */
function groupsOf(parts: readonly string[], allowV4Tail: boolean): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    if (allowV4Tail && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIPv4(p);
      if (!v4) return undefined;
      out.push(...v4.groups);
    } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) {
      out.push(parseInt(p, 16));
    } else {
      return undefined;
    }
  }
  return out;
}

/**
 * Parses either family. An IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, RFC 4291 section
 * 2.5.5.2) stands for an IPv4 address and is read as one, so it matches IPv4 ranges (AWS
 * documents nothing on these; treating them as unrelated would make an Allow on an IPv4 range
 * miss a request that comes from inside it).
 */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(':') ? unmap(parseIPv6(text)) : parseIPv4(text);
}

function unmap(ip: IpAddress | undefined): IpAddress | undefined {
  const g = ip?.groups;
  if (!g || g[0] !== 0 || g[1] !== 0 || g[2] !== 0 || g[3] !== 0 || g[4] !== 0 || g[5] !== 0xffff) return ip;
  return { v6: false, groups: [g[6] as number, g[7] as number] };
}

/** Parses `address[/prefix]`; a bare address is a single-host range. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const address = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!address) return undefined;
  // An IPv4-mapped range (`::ffff:10.0.0.0/104`) counts its prefix over the 128 IPv6 bits.
  const mapped = !address.v6 && slash >= 0 && text.includes(':');
  const max = address.v6 || mapped ? 128 : 32;
  if (slash < 0) return { address, prefix: address.v6 ? 128 : 32 };
  const p = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p) || Number(p) > max || (mapped && Number(p) < 96)) return undefined;
  return { address, prefix: mapped ? Number(p) - 96 : Number(p) };
}

/** Whether `ip` lies in `range`. Different families never match. */
export function cidrContains(range: Cidr, ip: IpAddress): boolean {
  if (range.address.v6 !== ip.v6) return false;
  let bits = range.prefix;
  for (let g = 0; bits > 0; g++, bits -= 16) {
    const take = Math.min(16, bits);
    const mask = (0xffff << (16 - take)) & 0xffff;
    if (((range.address.groups[g] as number) & mask) !== ((ip.groups[g] as number) & mask)) return false;
  }
  return true;
}
