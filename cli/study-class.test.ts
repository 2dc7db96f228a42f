/**
 * The class parts of `npm run study`: init --classroom (summary only, LAN default, class code printed), the class
 * minimum never below 5, and `study end` on a class whose collector is not running (straight in its database).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkInterfaceInfo } from 'node:os';
import { classCode, collectorFromCode } from '../donation/classroom';
import { encrypt } from '../donation/encrypt';
import { parseStudy } from '../donation/study';
import { openStore } from '../collector/store';
import { samplePayload } from '../collector/testing';
import { lanAddress, minStudents } from './study-class';
import { main as study } from './study';
import { initStudy, quiet } from './testing';

const iface = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: `${address}/24` }) as NetworkInterfaceInfo;

describe('study init --classroom, --min-students, end', () => {
  const root = mkdtempSync(join(tmpdir(), 'coevo-class-cli-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("finds this laptop's local-network IPv4 address, never loopback or a public one", () => {
    expect(lanAddress({ lo: [iface('127.0.0.1', true)], eth0: [iface('203.0.113.9')], wlan0: [iface('192.168.1.23')] })).toBe('192.168.1.23');
    expect(lanAddress({ lo: [iface('127.0.0.1', true)], eth0: [iface('203.0.113.9')] })).toBeNull();
  });

  it('writes a summary-only class with its code, and refuses other levels', async () => {
    const dir = join(root, 'c1');
    const r = await initStudy(dir, { title: 'Class 9c', collector: 'http://127.0.0.1:8790' }, ['--classroom']);
    expect(r.code, r.err).toBe(0);
    const { study: s } = await parseStudy(readFileSync(join(dir, 'study.json')));
    expect(s).toMatchObject({ kind: 'classroom', levels: ['summary'], collector: 'http://127.0.0.1:8790' });
    expect(r.out).toContain(`class code: ${classCode('http://127.0.0.1:8790')}`);
    expect(collectorFromCode(classCode(s.collector))).toBe(s.collector);
    expect(r.out).not.toContain('not stated'); // a class has no ethics board or contact to fill in
    const bad = await initStudy(join(root, 'c2'), { title: 'x', collector: 'http://127.0.0.1:8790' }, ['--classroom', '--levels', 'conversations']);
    expect(bad.err).toMatch(/summary level only/);
  });

  it('never shows class figures for fewer than 5 students', () => {
    expect(minStudents(undefined)).toBe(5);
    expect(minStudents('8')).toBe(8);
    expect(() => minStudents('4')).toThrow(/never shown for fewer than 5/);
    expect(() => minStudents('five')).toThrow(/not a whole number/);
  });

  it('ends a class whose collector is not running: every row deleted, confirmed', async () => {
    const dir = join(root, 'c1');
    const { study: s } = await parseStudy(readFileSync(join(dir, 'study.json')));
    const store = await openStore(join(dir, 'db'));
    const body = await encrypt(s.recipient, samplePayload(s.id, 'summary'));
    for (const k of ['1', '2']) await store.put({ studyId: s.id, idempotencyKey: k.repeat(32), withdrawalHash: k.repeat(64), ciphertext: body });
    await store.close();
    const r = await quiet(() => study(['end', dir]));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('ended: 2 contribution(s) deleted');
    expect(r.out).toContain('confirmed: the collector holds 0 contributions');
    const again = await openStore(join(dir, 'db'));
    expect(await again.list()).toEqual([]);
    await again.close();
  }, 180_000);
});
