/**
 * A student joins a class session, end to end, in real Chromium with the built extension, against the real collector
 * (collector/server.ts on embedded PostgreSQL) with the teacher's class session mounted (collector/classroom-session.ts),
 * on 127.0.0.1 only: no request before the click; Classroom → Join with the class code; the class and what is shared;
 * a student with no history of their own reviews the figures of their own sample student (marked sample) as a table and
 * as the serialized payload; send → encrypted to the class key, stored once, counted by the class; the receipt is in My
 * donations; Leave the class → withdrawn at the collector and no longer counted. Every request the extension made went
 * to the class's collector, after the click; axe-core finds no serious or critical violation on the join, class and review screens.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassSession } from '../../collector/classroom-session';
import { startCollector, type RunningCollector } from '../../collector/server';
import { openStore, type Store } from '../../collector/store';
import { classCode } from '../../donation/classroom';
import { decrypt, generateStudyKey } from '../../donation/encrypt';
import { makeStudy } from '../../donation/testing';
import { ROOT, launchWithExtension, openExtensionPage, waitFor, type ExtensionSession } from './harness';
import { axeSerious } from './ui-seed';

let s: ExtensionSession;
let page: Page;
let dir: string;
let store: Store;
let server: RunningCollector;
let session: ClassSession;
let url: string;
const requests: { method: string; path: string }[] = [];
const key = await generateStudyKey();
const TITLE = 'Class 9c: you and your assistant';
const SHOTS = join(ROOT, 'docs', 'screenshots');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const classView = async () => (await fetch(`${url}/api/class`)).json() as Promise<{ donors: number; shown: boolean }>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coevo-class-join-'));
  store = await openStore(join(dir, 'db'));
  // The class file names the collector's own address, so the port is chosen first (127.0.0.1 only, never the LAN).
  url = `http://127.0.0.1:${await freePort()}`;
  const study = makeStudy(key.recipient, {
    id: 'class-9c',
    kind: 'classroom',
    title: TITLE,
    institution: 'Northside School',
    contact: 'Ms Rivera (rivera@northside.example)',
    ethics: 'Not research: a lesson',
    levels: ['summary'],
    collector: url,
    consent: {
      version: '1',
      text: 'Only the summary figures of your data are shared with the class. The projector shows the class as a whole, never one student.',
    },
    retention: 'Deleted when the lesson ends.',
    withdrawal: 'Leave the class in Coevo and your figures are deleted.',
  });
  session = new ClassSession({ store, study, identity: key.identity, adminToken: 'teacher-token', info: { title: TITLE, code: classCode(url), join: url } });
  server = await startCollector({
    store,
    studyJson: JSON.stringify(study, null, 2),
    studyId: study.id,
    ratePerMinute: 0,
    hooks: session.hooks(),
    host: '127.0.0.1',
    port: Number(new URL(url).port),
  });
  server.server.on('request', (req) => {
    const path = new URL(req.url ?? '/', url).pathname;
    // The class's own feed is the test's; CORS preflights carry nothing (none are expected: the extension holds the origin).
    if (!path.startsWith('/api/class') && req.method !== 'OPTIONS') requests.push({ method: req.method ?? '', path });
  });
  s = await launchWithExtension();
  // Let requests to the class's collector through the harness's catch-all (everything else stays blocked and recorded).
  const served = (s.context as unknown as { __coevoServed: WeakSet<object> }).__coevoServed;
  await s.context.route(
    (u) => u.origin === url,
    async (route) => {
      served.add(route.request());
      await route.continue();
    },
  );
  page = await openExtensionPage(s, 'dashboard.html#/classroom');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.waitForSelector('[data-no-class]');
}, 180_000);

afterAll(async () => {
  await s?.close();
  session?.close();
  await server?.close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('classroom join (student)', () => {
  it('makes no request before the student clicks Join', async () => {
    await page.waitForTimeout(500);
    expect(s.network.extensionRequests()).toEqual([]);
    expect(requests).toEqual([]);
    expect(await axeSerious(page)).toEqual([]);
  });

  it('joins with the class code: fetches the class file only then, and shows the class and what is shared', async () => {
    await page.fill('[data-class-code]', classCode(url).toLowerCase());
    await page.click('[data-action="join-class"]');
    await page.waitForSelector('[data-class-consent]');
    const consent = (await page.textContent('[data-class-consent]'))!;
    for (const words of [TITLE, 'Northside School', 'Ms Rivera', 'only the summary figures of your own data', classCode(url)]) expect(consent).toContain(words);
    expect(await page.textContent('[data-consent-text]')).toContain('never one student');
    expect(requests).toEqual([{ method: 'GET', path: '/study.json' }]);
    // (Chromium may report one request more than once: from the page and from the network layer.)
    expect(s.network.extensionRequests().length).toBeGreaterThan(0);
    expect(s.network.extensionRequests().every((r) => r.url === `${url}/study.json`)).toBe(true);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'classroom-join-consent.png') });
    expect(await axeSerious(page)).toEqual([]);
    await page.click('[data-action="class-agree"]');
    await page.waitForSelector('[data-class-contribute]');
  });

  it("a student with no chats of their own reviews their own sample student's figures: a table and the payload, marked sample", async () => {
    expect(await page.isDisabled('[data-source="own"]')).toBe(true);
    expect(await page.isChecked('[data-source="sample"]')).toBe(true);
    await page.click('[data-action="class-review"]');
    await page.waitForSelector('[data-class-figures]', { timeout: 90_000 });
    const payload = JSON.parse((await page.textContent('[data-payload]'))!);
    expect(payload).toMatchObject({ level: 'summary', sample: true, studyId: 'class-9c' });
    expect(payload.conversations).toBeUndefined();
    expect(payload.tags).toBeUndefined();
    // The readable table holds exactly the payload's numbers: its totals, one cell per figure row of the review.
    expect(await page.textContent('[data-total="totals.userMessages"] td')).toBe(String(payload.summary.totals.userMessages));
    const cells = await page.$$eval('[data-figure] td.num', (tds) => tds.filter((td) => td.textContent !== '—').length);
    const sm = payload.summary;
    const figures = [
      sm.userMessages,
      ...Object.values(sm.tagCounts),
      ...Object.values(sm.tagRates),
      sm.aiVocabulary,
      sm.lsm,
      sm.coordination,
      sm.styleDistance,
      sm.changePoints,
    ].reduce((n: number, list: unknown[]) => n + list.length, 0);
    expect(figures).toBeGreaterThan(20);
    expect(cells).toBe(figures);
    expect(await page.textContent('[data-class-sample-note]')).toContain('sample: true');
    await page.screenshot({ path: join(SHOTS, 'classroom-join.png') });
    expect(await axeSerious(page)).toEqual([]);
    expect(requests.filter((r) => r.path === '/donations')).toEqual([]);
  });

  it('sends: encrypted to the class key, stored once, counted by the class, receipt in My donations', async () => {
    const reviewed = JSON.parse((await page.textContent('[data-payload]'))!);
    await page.click('[data-action="send"]');
    await page.waitForSelector('[data-class-status="sent"]', { timeout: 60_000 });
    expect((await page.textContent('[data-class-message]'))!).toContain(TITLE);
    expect(await store.count()).toEqual({ current: 1, withdrawn: 0 });
    const [stored] = await store.list();
    const plain = JSON.parse(new TextDecoder().decode(await decrypt(key.identity, new Uint8Array((await store.ciphertext(stored!.donationId))!))));
    expect(plain).toEqual(reviewed);
    await waitFor(async () => (await classView()).donors === 1, { what: 'the class to count the student' });
    expect(await classView()).toMatchObject({ donors: 1, shown: false });

    await page.click('a[href="#/donate"]');
    await page.waitForSelector('[data-donation][data-status="sent"] [data-receipt-id]');
    expect((await page.textContent('[data-receipt-id]'))!.trim()).toBe(stored!.donationId);
    await page.goBack();
    await page.waitForSelector('[data-class="class-9c"]');
  });

  it('leaves the class, confirmed: the contribution is withdrawn at the collector and no longer counted', async () => {
    await page.click('[data-action="leave-class"]');
    await page.waitForSelector('[data-action="confirm-leave"]');
    expect(await store.count()).toEqual({ current: 1, withdrawn: 0 }); // nothing happens before the confirmation
    await page.click('[data-action="confirm-leave"]');
    await page.waitForSelector('[data-no-class]');
    expect(await page.textContent('[data-class-message]')).toContain('deleted');
    expect(await store.count()).toEqual({ current: 0, withdrawn: 1 });
    await waitFor(async () => (await classView()).donors === 0, { what: 'the class to drop the student' });
    expect(requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}$/, '{id}')}`)).toEqual([
      'GET /study.json',
      'POST /donations',
      'DELETE /donations/{id}',
    ]);
    expect(s.network.extensionRequests().every((r) => r.url.startsWith(`${url}/`))).toBe(true);
  });
});
