import { describe, expect, it } from 'vitest';
import { addressThrottleKey, userThrottleKey } from './throttleKeys.js';

describe('throttle keys', () => {
  it('counts an IPv4 address as itself, also when it arrives through an IPv6 socket', () => {
    expect(addressThrottleKey('203.0.113.7')).toBe('ip:203.0.113.7');
    expect(addressThrottleKey('::ffff:203.0.113.7')).toBe('ip:203.0.113.7');
  });

  it('counts an IPv6 address by its /64, however it is written', () => {
    const key = 'ip:2001:db8:0:1::/64';
    for (const a of ['2001:db8:0:1::1', '2001:0db8:0000:0001:ffff:0:0:2', '2001:DB8:0:1:a:b:c:d', '2001:db8:0:1::5%eth0']) {
      expect(addressThrottleKey(a), a).toBe(key);
    }
    expect(addressThrottleKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(addressThrottleKey('2001:db8::')).toBe('ip:2001:db8:0:0::/64');
    expect(addressThrottleKey('64:ff9b::192.0.2.33')).toBe('ip:64:ff9b:0:0::/64');
  });

  it('names users by id', () => {
    expect(userThrottleKey('u-1')).toBe('user:u-1');
  });
});
