/**
 * Donation end to end, in real Chromium with the built extension, against the real collector (collector/server.ts
 * `startCollector`, embedded PostgreSQL in the study's folder) that this test starts on 127.0.0.1 and stops, for a study
 * made with `study init`:
 * - no request before a study is joined; join by pasted URL (the one request: the study file, after the click); the
 *   consent screen shows the study and its SHA-256;
 * - review with redaction, search and row removal; encrypt and send with byte progress on screen; the receipt;
 * - "Save the encrypted donation as a file" at the tags level (each tag with the person's verdict) sends nothing and
 *   `age -d` reads the file;
 * - the collector killed in the middle of an upload, then an answer lost after its commit: the outbox retries (after the
 *   service worker was stopped) with the donation's one idempotency key → exactly one donation;
 * - a tampered ciphertext → `study pull` names it with a clear error and writes every other donation; pull returns
 *   exactly the reviewed payload, and Debian's `age -d -i identity.txt` on the raw ciphertext gives the same bytes;
 * - withdraw one → gone from the collector (tombstone) and from pull; withdraw everything;
 * - every request the browser made went to the collector, only after the person's clicks.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConversation } from '../../analysis/testing';
import { ADMIN_TOKEN_FILE, DB_DIR, SERVE_FILE } from '../../collector/donations';
import { freePort } from '../../collector/postgres-server';
import { openStore } from '../../collector/store';
import { samplePayload, startTestCollector, type TestCollector } from '../../collector/testing';
import { main as study } from '../../cli/study';
import { initStudy, quiet } from '../../cli/testing';
import { encrypt } from '../../donation/encrypt';
import { newIdempotencyKey, newWithdrawalSecret, sendDonation, withdrawalHash } from '../../donation/protocol';
import type { Tag } from '../../model/tags';
import { launchWithExtension, openExtensionPage, waitFor, type ExtensionSession } from './harness';
import { putRows, type Rows } from './ui-seed';

let s: ExtensionSession;
let collector: TestCollector;
let page: Page;
let root: string;
let studyDir: string;
let studyText: string;
const STUDY_ID = 'e2e-study';

const JAN = Date.UTC(2026, 0, 12, 9);
const convA = makeConversation(
  'e2e-a',
  [
    ['user', 'I am Ann Lind at Acme. Write to ann.lind@acme.example or call +46 70 123 45 67 about the plan.'],
    ['assistant', 'Happy to help with the plan, Ann.'],
    ['user', 'My card 4111 1111 1111 1111 was charged twice. Secret note: pineapple.'],
    ['assistant', 'Contact your bank about the double charge.'],
    ['user', 'No, that is wrong: the bank said it was one charge.'],
    ['assistant', 'You are right, sorry.'],
  ],
  { site: 'chatgpt', start: JAN },
);
convA.title = 'Plan at Acme';
const convB = makeConversation(
  'e2e-b',
  [
    ['user', 'What does https://logs.example/view?token=s3cret show from 10.1.2.3?'],
    ['assistant', 'It shows the access log.'],
  ],
  { site: 'claude', start: JAN + 86_400_000 },
);
// Large enough (about 600 KB) that an upload is surely still arriving when the collector is killed.
const longText = (i: number) => `Part ${i} of my long draft. ` + 'The quick brown fox jumps over the lazy dog again and again. '.repeat(3300);
const convC = makeConversation(
  'e2e-c',
  [
    ['user', longText(1)],
    ['assistant', 'Noted.'],
    ['user', longText(2)],
    ['assistant', 'Noted again.'],
    ['user', longText(3)],
    ['assistant', 'All noted.'],
  ],
  { site: 'chatgpt', start: JAN + 2 * 86_400_000 },
);

const split = (c: typeof convA) => {
  const { messages, ...conv } = c;
  return { conv, messages };
};

// A tag the person disputed ("Is this right?" — No): a tags-level donation carries it with their verdict.
const disputed: Tag = {
  id: 'e2e-tag-pushback',
  type: 'user-pushback',
  conversationId: convA.id,
  messages: [{ index: 4, id: convA.messages[4]!.id }],
  direction: 'user→assistant',
  confidence: 0.92,
  explanation: 'You pushed back on the charge.',
  time: convA.messages[4]!.time!,
  site: 'chatgpt',
  version: 4,
};

/** The requests that came from the browser (the test's own pull and upload come from Node). */
const browserRequests = () => collector.requests.filter((r) => /Chrome/.test(r.userAgent));
const sentRows = async () => page.locator('[data-donation][data-status="sent"]').count();

type Line = { donationId: string; receivedAt: string; sha256: string; payload: Record<string, unknown> };
async function pull(): Promise<{ code: number; out: string; err: string; lines: Line[]; raw: string }> {
  const out = join(root, `pulled-${Date.now()}.jsonl`);
  const raw = join(root, `raw-${Date.now()}`);
  const r = await quiet(() => study(['pull', studyDir, '--out', out, '--raw', raw]));
  const text = readFileSync(out, 'utf8').trim();
  return { ...r, lines: text ? text.split('\n').map((l) => JSON.parse(l) as Line) : [], raw };
}

/** Records what the upload-progress line says while a donation is sent ("sent/total" each time it changes). */
async function watchProgress(p: Page): Promise<void> {
  await p.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    new MutationObserver(() => {
      const el = document.querySelector('[data-upload-progress]');
      if (!el) return;
      const v = `${el.getAttribute('data-sent')}/${el.getAttribute('data-total')}`;
      if (w.__progress.at(-1) !== v) w.__progress.push(v);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

let tJoinClick = 0;
let tFirstSend = 0;
const reviewedText = new Map<string, string>(); // donation id at the collector → the payload text shown in review

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'coevo-donate-e2e-'));
  studyDir = join(root, 'study');
  const port = await freePort();
  const init = await initStudy(studyDir, {
    title: 'E2E study',
    id: STUDY_ID,
    collector: `http://127.0.0.1:${port}`,
    institution: 'Example University',
    contact: 'study@example.org',
    ethics: 'Ethics board 2026-042',
  });
  expect(init.code, init.err).toBe(0);
  studyText = readFileSync(join(studyDir, 'study.json'), 'utf8');
  // What `study serve` does, in this process: the admin token, the embedded database in DIR/db, and serve.json so that
  // `study pull` asks this running collector.
  const adminToken = randomBytes(24).toString('hex');
  writeFileSync(join(studyDir, ADMIN_TOKEN_FILE), adminToken + '\n', { mode: 0o600 });
  const store = await openStore(join(studyDir, DB_DIR));
  collector = await startTestCollector({ store, studyJson: studyText, studyId: STUDY_ID, port, adminToken });
  writeFileSync(join(studyDir, SERVE_FILE), JSON.stringify({ pid: process.pid, url: collector.url, database: 'pglite' }) + '\n');

  s = await launchWithExtension();
  // Let requests to the collector through the harness's catch-all (everything else stays blocked and recorded).
  const served = (s.context as unknown as { __coevoServed: WeakSet<object> }).__coevoServed;
  await s.context.route(
    (u) => u.origin === collector.url,
    async (route) => {
      served.add(route.request());
      await route.continue();
    },
  );
  page = await openExtensionPage(s, 'dashboard.html#/donate');
  await page.waitForSelector('[data-no-study]');
  const a = split(convA);
  const b = split(convB);
  await putRows(page, 'coevo', {
    conversations: [a.conv, b.conv],
    messages: [...a.messages, ...b.messages],
    tags: [disputed],
    verdicts: [{ tagId: disputed.id, verdict: 'no', tagType: disputed.type, conversationId: disputed.conversationId, at: JAN }],
  } as Rows);
  await page.reload();
  await page.waitForSelector('[data-no-study]');
}, 300_000);

afterAll(async () => {
  await s?.close();
  await collector?.close();
  await collector?.store.close();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

describe('donate to a study served by the real collector', () => {
  it('makes no request until the person joins a study', async () => {
    await page.waitForTimeout(500);
    expect(s.network.extensionRequests()).toEqual([]);
    expect(collector.requests).toEqual([]);
  });

  it('joins a study from a pasted URL, showing all of it with its SHA-256', async () => {
    await page.fill('[data-study-url]', collector.url);
    tJoinClick = Date.now();
    await page.click('[data-action="fetch-study"]');
    await page.waitForSelector('[data-consent]');
    const consent = await page.textContent('[data-consent]');
    expect(consent).toContain('E2E study');
    expect(consent).toContain('Ethics board 2026-042');
    expect(consent).toContain('Example University');
    expect(consent).toContain(createHash('sha256').update(studyText).digest('hex'));
    expect(await page.textContent('[data-consent-text]')).toContain(JSON.parse(studyText).consent.text.split('\n')[0]);
    // The one request so far: the study file, from the click.
    expect(browserRequests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /study.json 200']);
    expect(s.network.extensionRequests().every((r) => r.url === `${collector.url}/study.json`)).toBe(true);
    await page.click('[data-action="consent"]');
    await page.waitForSelector('[data-donate-form]');
  });

  it('reviews a redacted conversations donation, removes a row, sends it with byte progress and shows the receipt', async () => {
    await page.check('[data-level="conversations"]');
    await page.fill('[data-terms]', 'Ann Lind\nAcme');
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-review]');
    const payloadText = await page.textContent('[data-payload]');
    for (const secret of ['ann.lind@acme', '123 45 67', '4111 1111', 's3cret', '10.1.2.3', 'Ann Lind', 'Acme', 'e2e-a'])
      expect(payloadText).not.toContain(secret);
    expect(await page.locator('mark[data-redacted="email"]').count()).toBe(1);
    expect(await page.textContent('[data-count="term"]')).toContain('3');
    // Search, then remove the row with the secret note.
    await page.fill('[data-review-search]', 'pineapple');
    await waitFor(async () => (await page.locator('[data-row]').count()) === 1, { what: 'search to filter rows' });
    await page.click('[data-row] [data-action="remove-row"]');
    await waitFor(async () => !(await page.textContent('[data-payload]'))!.includes('pineapple'), { what: 'row removed from payload' });
    await page.fill('[data-review-search]', '');
    const reviewed = (await page.textContent('[data-payload]'))!;
    const parsed = JSON.parse(reviewed);
    expect(parsed.scope.removedRows).toBe(1);
    expect(parsed.redaction).toMatchObject({ email: 1, phone: 1, url: 1, ip: 1, term: 3 });
    expect(parsed.redaction.card).toBe(0); // the card was in the removed row

    expect(browserRequests().filter((r) => r.path.startsWith('/donations'))).toEqual([]);
    await watchProgress(page);
    tFirstSend = Date.now();
    await page.click('[data-action="send"]');
    await page.waitForSelector('[data-donation][data-status="sent"] [data-receipt-id]', { timeout: 30_000 });
    const receiptId = (await page.textContent('[data-receipt-id]'))!.trim();
    const stored = (await collector.current()).get(receiptId)!;
    expect(stored).toBeTruthy();
    const ciphertext = (await collector.store.ciphertext(receiptId))!;
    expect(stored.sha256).toBe(createHash('sha256').update(ciphertext).digest('hex'));
    expect(await page.textContent('[data-donation] .hash')).toBe(stored.sha256);
    reviewedText.set(receiptId, reviewed);

    // The Donate view showed the bytes leaving: from the start to all of the ciphertext, never backwards.
    const progress = (await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress)).map(
      (p) => p.split('/').map(Number) as [number, number],
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every(([, total]) => total === ciphertext.byteLength)).toBe(true);
    expect(progress.at(-1)).toEqual([ciphertext.byteLength, ciphertext.byteLength]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
    expect(s.network.extensionRequests().every((r) => r.url.startsWith(collector.url))).toBe(true);
  });

  it('saves a tags donation as an encrypted file, sending nothing; it carries the disputed tag with the verdict "no"', async () => {
    const before = collector.requests.length;
    await page.click('[data-action="donate-to"]');
    await page.check('[data-level="tags"]');
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-review]');
    expect(await page.textContent(`[data-row="${disputed.id}"] [data-verdict]`)).toContain('No');
    expect(await page.getAttribute(`[data-row="${disputed.id}"] [data-verdict]`, 'data-verdict')).toBe('no');
    const reviewed = (await page.textContent('[data-payload]'))!;
    const tags = JSON.parse(reviewed).tags as { type: string; verdict: string | null }[];
    expect(tags.find((t) => t.type === 'user-pushback')).toMatchObject({ verdict: 'no' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action="save-file"]')]);
    const file = join(root, 'saved.age');
    await download.saveAs(file);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^coevo-donation-${STUDY_ID}-.*\\.age$`));
    expect(execFileSync('age', ['-d', '-i', join(studyDir, 'identity.txt'), file]).toString('utf8')).toBe(reviewed);
    await page.waitForTimeout(500);
    expect(collector.requests.length).toBe(before);
  });

  it('the collector is killed mid-upload, then loses an answer after its commit: the outbox retries → exactly one donation', async () => {
    const c = split(convC);
    await putRows(page, 'coevo', { conversations: [c.conv], messages: c.messages });
    await page.reload();
    await page.waitForSelector('[data-action="donate-to"]');
    const before = (await collector.current()).size;
    const posts = collector.requests.length;
    await page.click('[data-action="donate-to"]');
    await page.check('[data-level="conversations"]');
    await page.click('[data-donate-form] details summary');
    await page.click('[data-action="pick-none"]');
    await page.check(`[data-conversation="${convC.id}"]`);
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-review]', { timeout: 60_000 });
    const reviewed = (await page.textContent('[data-payload]'))!;
    expect(JSON.parse(reviewed).conversations).toHaveLength(1);

    collector.killMidUploadNext();
    await page.click('[data-action="send"]');
    await collector.killed();
    expect(collector.listening()).toBe(false);
    await page.waitForSelector('[data-donation][data-status="queued"]', { timeout: 30_000 });
    expect((await collector.current()).size).toBe(before);
    await page.close();
    await s.stopServiceWorker();

    // Up again; the next upload is stored and committed, but its answer never reaches the browser.
    collector.loseAnswerNext(1);
    await collector.restart();
    await waitFor(() => collector.requests.slice(posts).filter((r) => r.method === 'POST').length >= 2, { timeout: 90_000, what: 'the retried upload' });
    await waitFor(async () => (await collector.current()).size === before + 1, { timeout: 30_000, what: 'the stored donation' });
    // The outbox alarm wakes the worker again, which resends with the same idempotency key: the same receipt (200).
    await waitFor(() => collector.requests.slice(posts).some((r) => r.method === 'POST' && r.status === 200), { timeout: 90_000, what: 'the replayed upload' });
    page = await openExtensionPage(s, 'dashboard.html#/donate');
    await waitFor(async () => (await sentRows()) === 2, { timeout: 30_000, what: 'both donations received' });
    await page.waitForTimeout(1_000);
    const ids = [...(await collector.current()).keys()];
    const newId = ids.find((id) => !reviewedText.has(id))!;
    reviewedText.set(newId, reviewed);
    expect((await collector.current()).size).toBe(before + 1);
    expect(await page.locator(`[data-receipt-id]:text-is("${newId}")`).count()).toBe(1);
    // Uploads that got no answer (the killed one, the lost answer, and any the browser's network stack resent on its
    // own after a reset connection), then the replay of the same idempotency key: 200 with the original receipt.
    const statuses = collector.requests
      .slice(posts)
      .filter((r) => r.method === 'POST')
      .map((r) => r.status);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.slice(0, -1).every((st) => st === 0)).toBe(true);
    expect(statuses.at(-1)).toBe(200);
  });

  it('study pull returns exactly the reviewed payloads, age -d gives the same bytes, and a tampered ciphertext is named alone', async () => {
    // A ciphertext changed on its way to the collector: stored as bytes (the collector cannot read it).
    const good = await encrypt(JSON.parse(studyText).recipient, samplePayload(STUDY_ID));
    const tampered = new Uint8Array(good);
    tampered[tampered.length - 5]! ^= 0xff;
    const bad = await sendDonation(fetch, {
      collector: collector.url,
      studyId: STUDY_ID,
      idempotencyKey: newIdempotencyKey(),
      withdrawalHash: await withdrawalHash(newWithdrawalSecret()),
      ciphertext: tampered,
    });
    if (!bad.ok) throw new Error(bad.error);

    const r = await pull();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/read 3 donation\(s\) from the running collector/);
    expect(r.err).toContain(`invalid donation ${bad.receipt.donationId}`);
    expect(r.err).toMatch(/cannot decrypt/);
    expect(r.lines.map((l) => l.donationId).sort()).toEqual([...reviewedText.keys()].sort());
    for (const line of r.lines) {
      const reviewed = reviewedText.get(line.donationId)!;
      expect(line.payload).toEqual(JSON.parse(reviewed));
      const viaAge = execFileSync('age', ['-d', '-i', join(studyDir, 'identity.txt'), join(r.raw, `${line.donationId}.age`)]).toString('utf8');
      expect(viaAge).toBe(reviewed);
    }
  });

  it('withdraws one donation (gone from the collector and from pull), then everything', async () => {
    const [first] = [...reviewedText.keys()];
    const row = page.locator('[data-donation]', { has: page.locator(`[data-receipt-id]:text-is("${first}")`) });
    await row.locator('[data-action="withdraw"]').click();
    await waitFor(async () => !(await collector.current()).has(first!), { what: 'withdrawal at the collector' });
    await page.waitForSelector('[data-donation][data-status="withdrawn"]');
    expect(await collector.store.ciphertext(first!)).toBeNull();
    expect((await collector.store.list()).find((d) => d.donationId === first)!.withdrawnAt).not.toBeNull(); // tombstone
    const after = await pull();
    expect(after.out).toMatch(/1 withdrawn/);
    expect(after.lines.map((l) => l.donationId)).not.toContain(first);
    expect(after.lines).toHaveLength(1);

    await page.click('[data-my-donations] [data-action="delete-all"]');
    await page.fill('[data-my-donations] [data-confirm-input]', 'withdraw');
    await page.click('[data-my-donations] [data-action="confirm-delete"]');
    await waitFor(
      async () => {
        const now = await collector.current();
        return [...reviewedText.keys()].every((id) => !now.has(id));
      },
      { what: 'every donation withdrawn' },
    );
    await page.waitForSelector('[data-donation][data-status="sent"]', { state: 'detached' });
    const last = await pull();
    expect(last.lines).toEqual([]);
    expect(last.out).toMatch(/2 withdrawn/);
  });

  it('every request the browser made went to the collector, after the person clicked', () => {
    const mine = browserRequests();
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) {
      expect(`${r.method} ${r.path}`).toMatch(/^(GET \/study\.json|POST \/donations|OPTIONS \/donations(\/[0-9a-f-]{36})?|DELETE \/donations\/[0-9a-f-]{36})$/);
      expect(r.at).toBeGreaterThanOrEqual(tJoinClick);
      if (r.method === 'POST') expect(r.at).toBeGreaterThanOrEqual(tFirstSend);
    }
    expect(s.network.extensionRequests().length).toBeGreaterThan(0);
    expect(s.network.extensionRequests().every((r) => r.url.startsWith(collector.url))).toBe(true);
  });
});
