import { describe, expect, it } from 'vitest';
import { classCode, collectorFromCode, isLocalNetworkHost } from './classroom';

describe('class codes', () => {
  it('round-trip the collector address', () => {
    for (const url of ['http://192.168.1.23:8787', 'http://10.0.0.5:80', 'http://127.0.0.1:54321', 'http://172.16.254.1:65535']) {
      const code = classCode(url);
      expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      expect(collectorFromCode(code)).toBe(url);
    }
  });
  it('forgive case, spaces and look-alike letters', () => {
    const code = classCode('http://192.168.1.23:8787');
    expect(collectorFromCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe('http://192.168.1.23:8787');
    expect(collectorFromCode(code.replace(/0/g, 'O'))).toBe('http://192.168.1.23:8787');
  });
  it('reject what is not a code', () => {
    for (const s of ['', 'hello', 'ABCDE-FGHI', 'UUUUU-UUUUU', '00000-00000']) expect(collectorFromCode(s)).toBeNull();
    expect(() => classCode('http://example.org:80')).toThrow(/IPv4/);
  });
  it('know which hosts are on the local network', () => {
    for (const h of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.0.10', 'localhost']) expect(isLocalNetworkHost(h)).toBe(true);
    for (const h of ['8.8.8.8', '172.32.0.1', 'example.org', '192.169.0.1']) expect(isLocalNetworkHost(h)).toBe(false);
  });
});
