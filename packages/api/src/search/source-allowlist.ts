/**
 * The source allowlist of contract A: only traffic from listed networks (for example the fixed
 * address of a SORACOM virtual private gateway) is served. Pure address arithmetic, so it is
 * the same on every runtime; where the address comes from is the runtime's business (the TCP
 * peer in `facegate serve`, never X-Forwarded-For).
 * @module
 */

interface Network {
  bytes: Uint8Array;
  prefix: number;
}

function parseV4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string;
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseV6(s: string): Uint8Array | undefined {
  let text = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const out = new Uint8Array(16);
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hextets.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = parseV4(v4[1] as string);
    if (!b) return undefined;
    text =
      text.slice(0, -(v4[1] as string).length) +
      `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  if (halves.length === 1 && head.length !== 8) return undefined;
  if (head.length + tail.length > 8) return undefined;
  const groups = [...head, ...new Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  for (let i = 0; i < 8; i++) {
    const g = groups[i] as string;
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    const v = parseInt(g, 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  }
  return out;
}

/** An address as 4 or 16 bytes; IPv4-mapped IPv6 (::ffff:a.b.c.d) is reduced to IPv4. */
export function parseAddress(address: string): Uint8Array | undefined {
  const v4 = parseV4(address);
  if (v4) return v4;
  const v6 = parseV6(address);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

function parseNetwork(cidr: string): Network {
  const [addr, len] = cidr.trim().split('/');
  const bytes = parseAddress(addr ?? '');
  if (!bytes) throw new Error(`not an IP network: ${cidr}`);
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : Number(len);
  if (
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > max ||
    (len !== undefined && !/^\d+$/.test(len))
  ) {
    throw new Error(`bad prefix length in ${cidr}`);
  }
  return { bytes, prefix };
}

function contains(net: Network, addr: Uint8Array): boolean {
  if (net.bytes.length !== addr.length) return false;
  let bits = net.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((net.bytes[i] as number) & mask) !== ((addr[i] as number) & mask)) return false;
  }
  return true;
}

/**
 * A matcher for a list of CIDRs (`203.0.113.7/32`, `10.0.0.0/8`, `2001:db8::/32`; a bare
 * address means just it). Throws on a malformed entry so a typo never opens the API.
 * An empty list allows every source.
 *
 * @example
 * const allowed = createSourceAllowlist(['127.0.0.2/32']);
 * allowed('127.0.0.2'); // true
 * allowed('::ffff:127.0.0.1'); // false
 */
export function createSourceAllowlist(
  cidrs: readonly string[],
): (address: string | undefined) => boolean {
  const nets = cidrs.map(parseNetwork);
  if (nets.length === 0) return () => true;
  return (address) => {
    const bytes = address ? parseAddress(address) : undefined;
    return bytes !== undefined && nets.some((n) => contains(n, bytes));
  };
}
