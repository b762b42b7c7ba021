import { describe, expect, it } from 'vitest';
import { checkTarget, classifyAddress, type AddressClass } from './net-guard.js';

describe('classifyAddress', () => {
  it.each<[string, AddressClass]>([
    ['8.8.8.8', 'public'],
    ['93.184.216.34', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['169.254.169.254', 'link_local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fd00::1', 'private'],
    ['fc12:3456::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['64:ff9b::a9fe:a9fe', 'link_local'],
    ['not-an-ip', 'reserved'],
  ])('%s → %s', (address, cls) => expect(classifyAddress(address)).toBe(cls));
});

describe('checkTarget (after resolution)', () => {
  const resolveTo = (addresses: string[]) => async () => addresses;
  it.each<[string, string[], string[], string | null]>([
    ['https://cdn.example.com/a.png', ['93.184.216.34'], [], null],
    ['https://cdn.example.com/a.png', ['10.0.0.5'], [], 'address_not_allowed'],
    // any one non-public address is enough to refuse (the connection could go to it)
    ['https://cdn.example.com/a.png', ['93.184.216.34', '127.0.0.1'], [], 'address_not_allowed'],
    ['https://cdn.example.com/a.png', ['10.0.0.5'], ['cdn.example.com'], null],
    ['http://169.254.169.254/latest/meta-data', [], [], 'address_not_allowed'],
    ['http://[::1]:8080/x', [], [], 'address_not_allowed'],
    ['http://[::1]:8080/x', [], ['::1'], null],
    ['http://2130706433/x', [], [], 'address_not_allowed'], // 127.0.0.1 as one number: the URL parser normalises it
    ['http://0x7f.1/x', [], [], 'address_not_allowed'],
    ['ftp://example.com/a.png', ['93.184.216.34'], [], 'invalid_url'],
    ['file:///etc/passwd', [], [], 'invalid_url'],
    ['https://user:pw@example.com/a.png', ['93.184.216.34'], [], 'invalid_url'],
    ['not a url', [], [], 'invalid_url'],
    ['https://nowhere.example/a.png', [], [], 'unresolvable'],
  ])('%s resolving to %j (allowed %j) → %s', async (url, addresses, allowed, expected) => {
    const r = await checkTarget(url, { allowedHosts: allowed, resolve: resolveTo(addresses) });
    expect('ok' in r ? r.code : null).toBe(expected);
  });

  it('with onlyHosts, any other host is refused before its name is resolved', async () => {
    let resolved = 0;
    const resolve = async () => { resolved++; return ['93.184.216.34']; };
    expect(await checkTarget('https://cdn.example.com/a.png', { allowedHosts: [], onlyHosts: ['127.0.0.1'], resolve })).toMatchObject({ ok: false, code: 'address_not_allowed' });
    expect(resolved).toBe(0);
    expect(await checkTarget('https://cdn.example.com/a.png', { allowedHosts: [], onlyHosts: ['cdn.example.com'], resolve })).toMatchObject({ address: '93.184.216.34' });
  });
});
