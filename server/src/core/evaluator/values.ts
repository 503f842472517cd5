/**
 * Parsing of typed condition values: numbers, dates (ISO 8601 or epoch seconds), booleans and
 * base64 binary. Each returns undefined for text that is not of the type, so a malformed request
 * value simply does not match (and never throws).
 */

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (integers and floats, as NumericEquals accepts). */
export function parseNumber(text: string): number | undefined {
  return NUMBER.test(text) ? Number(text) : undefined;
}

const ISO = /^(\d{4})-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;
const EPOCH = /^[+-]?\d+(\.\d+)?$/;

/**
 * A date as epoch milliseconds. Values are ISO 8601 (`2023-06-30T00:00:00Z`, `2023-06-30`, and
 * the W3C profile's year and month `2023-06`, its first day) or UNIX epoch seconds
 * (`1688083200`), the two forms the Date operators accept ("one of the W3C implementations of the
 * ISO 8601 date formats or in epoch (UNIX) time", reference_policies_elements_condition_operators.md,
 * "Date condition operators"). A bare year (`2023`) is read as epoch seconds: it is both. A time
 * without a zone is read as UTC, never as the machine's local time.
 */
export function parseDate(text: string): number | undefined {
  if (EPOCH.test(text)) return Number(text) * 1000;
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d = '01', h, mi, s, frac, zone] = m;
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    frac ? Math.round(Number(frac) * 1000) : 0,
  );
  if (Number.isNaN(ms) || !validDay(Number(y), Number(mo), Number(d))) return undefined;
  return ms - zoneOffsetMs(zone);
}

function validDay(y: number, mo: number, d: number): boolean {
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** `true` / `false`, case-insensitively (the Bool operator). */
export function parseBool(text: string): boolean | undefined {
  const t = text.toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 (BinaryEquals values) to bytes; undefined when not valid base64. */
export function decodeBase64(text: string): number[] | undefined {
  const s = text.replace(/\s+/g, '');
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of s) {
    if (ch === '=') break;
    buffer = (buffer << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return bytes;
}

/** Whether two base64 texts decode to the same bytes. */
export function sameBinary(a: string, b: string): boolean {
  const x = decodeBase64(a);
  const y = decodeBase64(b);
  return x !== undefined && y !== undefined && x.length === y.length && x.every((v, i) => v === y[i]);
}
