import { describe, expect, it } from 'vitest';
import { deviceHash, ipPrefix } from './sessions-device.js';

describe('device fingerprint: user agent family + IP prefix', () => {
  it.each([
    ['203.0.113.45', '203.0.113.0/24'],
    ['203.0.113.200', '203.0.113.0/24'],
    ['::ffff:198.51.100.7', '198.51.100.0/24'],
    ['010.001.002.003', '10.1.2.0/24'],
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:0db8:abcd:0012:0000:0000:0000:0001', '2001:db8:abcd::/48'],
    ['::1', '0:0:0::/48'],
    ['2001:db8::', '2001:db8:0::/48'],
    ['999.1.1.1', null],
    ['not an ip', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['', null],
    [null, null],
  ])('%s → %s', (ip, prefix) => {
    expect(ipPrefix(ip)).toBe(prefix);
  });

  const chrome = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  const chromeNext = chrome.replace('Chrome/120', 'Chrome/121');
  it('is the same device on another address of the same network or a newer browser version, a new one on another network', () => {
    const at = (ua: string, ip: string) => deviceHash('k'.repeat(32), ua, ip);
    expect(at(chrome, '203.0.113.5')).toBe(at(chromeNext, '203.0.113.99'));
    expect(at(chrome, '203.0.113.5')).not.toBe(at(chrome, '198.51.100.5'));
    expect(at(chrome, '2001:db8:abcd:1::5')).toBe(at(chrome, '2001:db8:abcd:ffff::9'));
  });
});
