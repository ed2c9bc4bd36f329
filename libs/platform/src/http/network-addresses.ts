import { BlockList, isIP } from 'node:net';

/**
 * Address ranges that are not the public internet: this host, the private networks, link-local
 * (with the cloud metadata service at 169.254.169.254), carrier-grade NAT, documentation and
 * benchmark nets, multicast and reserved space (IANA's special-purpose registries, IPv4 and
 * IPv6). A server that fetches a URL it was given must not reach any of them unasked.
 */
const NON_PUBLIC_RANGES: Array<[string, number, 'ipv4' | 'ipv6']> = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  // IPv4-compatible (deprecated) addresses; IPv4-mapped ones (::ffff:0:0/96) BlockList checks as IPv4.
  ['::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  // IETF protocol assignments, Teredo among them, which tunnels to any IPv4 address.
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  // 6to4 embeds an IPv4 address, private ones included.
  ['2002::', 16, 'ipv6'],
  ['3fff::', 20, 'ipv6'],
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const nonPublic = new BlockList();
for (const [network, prefix, family] of NON_PUBLIC_RANGES) {
  nonPublic.addSubnet(network, prefix, family);
}

/** An IP address without IPv6 brackets or zone, or undefined when it is not one. */
export function ipAddressOf(value: string): { address: string; family: 'ipv4' | 'ipv6' } | undefined {
  const bare = value.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(bare);
  return version === 0 ? undefined : { address: bare, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** True for an address on the public internet; false for any of the ranges above, and for what is no address. */
export function isPublicAddress(value: string): boolean {
  const ip = ipAddressOf(value);
  return ip !== undefined && !nonPublic.check(ip.address, ip.family);
}

/** `10.0.0.0/8`, `fd00::/8`, or a single address (`192.0.2.7`: a /32, an IPv6 one a /128); undefined when malformed. */
export function parseCidr(value: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | undefined {
  const [address, prefixText, ...rest] = value.trim().split('/');
  const ip = ipAddressOf(address);
  if (!ip || rest.length > 0) {
    return undefined;
  }
  const max = ip.family === 'ipv4' ? 32 : 128;
  if (prefixText === undefined) {
    return { network: ip.address, prefix: max, family: ip.family };
  }
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return undefined;
  }
  return { network: ip.address, prefix: Number(prefixText), family: ip.family };
}

/** A set of address ranges (CIDRs), checked for IPv4, IPv6 and IPv4-mapped IPv6 alike. */
export class AddressRanges {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(cidrs: string[]) {
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr);
      if (!parsed) {
        throw new Error(`${cidr} is not an address or CIDR range`);
      }
      this.list.addSubnet(parsed.network, parsed.prefix, parsed.family);
    }
    this.size = cidrs.length;
  }

  contains(value: string): boolean {
    const ip = ipAddressOf(value);
    return ip !== undefined && this.list.check(ip.address, ip.family);
  }
}
