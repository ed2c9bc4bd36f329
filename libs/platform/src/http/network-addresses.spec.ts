import { AddressRanges, isPublicAddress, parseCidr } from './network-addresses';

describe('network addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '0.0.0.0',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '[::1]',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '::127.0.0.1',
    'fe80::1',
    'fe80::1%eth0',
    'fd00::1',
    'fc12:3456::1',
    'ff02::1',
    '2001:db8::1',
    '2002:7f00:1::1',
    '64:ff9b:1::a00:1',
    'not-an-address',
    'localhost',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '2a00:1450:4001:80e::200e', '::ffff:8.8.8.8', '[2606:4700:4700::1111]'])(
    '%s is public',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('parses CIDRs and single addresses, and refuses what is neither', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ network: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseCidr('192.0.2.7')).toEqual({ network: '192.0.2.7', prefix: 32, family: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ network: 'fd00::', prefix: 8, family: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'example.org', '10.0.0.0/8/1', '10.0.0/8', '10.0.0.0/-1', '']) {
      expect(parseCidr(bad)).toBeUndefined();
    }
  });

  it('holds an address in a range whether it is written as IPv4 or IPv4-mapped IPv6', () => {
    const ranges = new AddressRanges(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);
    expect(['10.9.9.9', '::ffff:10.9.9.9', '127.0.0.1', '::ffff:7f00:1', 'fd12::1'].map((address) => ranges.contains(address))).toEqual([
      true, true, true, true, true,
    ]);
    expect(['11.0.0.1', '127.0.0.2', 'fe80::1', 'nonsense'].map((address) => ranges.contains(address))).toEqual([false, false, false, false]);
    expect(() => new AddressRanges(['10.0.0.0/99'])).toThrow('10.0.0.0/99');
  });
});
