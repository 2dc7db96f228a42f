/**
 * Donation end to end, in real Chromium with the built extension, against a collector on 127.0.0.1 started here
 * (tests/e2e/mini-collector.ts: the donation protocol in memory; the real collector/ is built separately):
 * no requests before a study is joined; join by pasted URL; consent shows the study and its SHA-256; review with
 * redaction, search and row removal; encrypt and send; the receipt; the collector holds exactly the reviewed payload
 * (decrypted with the `age` command line tool); with the collector down at Send, the outbox retries after the service
 * worker was stopped, making exactly one donation; withdraw one, then everything. Every request the extension made went to the
 * collector, and only after the person's click.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeConversation } from '../../analysis/testing';
import { generateStudyKey, identityFile } from '../../donation/encrypt';
import { makeStudy } from '../../donation/testing';
import { launchWithExtension, openExtensionPage, waitFor, type ExtensionSession } from './harness';
import { startMiniCollector, type MiniCollector } from './mini-collector';
import { putRows } from './ui-seed';

let s: ExtensionSession;
let collector: MiniCollector;
let page: Page;
let dir: string;
let idFile: string;
let studyText: string;

const JAN = Date.UTC(2026, 0, 12, 9);
const convA = makeConversation('e2e-a', [
  ['user', 'I am Ann Lind at Acme. Write to ann.lind@acme.example or call +46 70 123 45 67 about the plan.'],
  ['assistant', 'Happy to help with the plan, Ann.'],
  ['user', 'My card 4111 1111 1111 1111 was charged twice. Secret note: pineapple.'],
  ['assistant', 'Contact your bank about the double charge.'],
], { site: 'chatgpt', start: JAN });
convA.title = 'Plan at Acme';
const convB = makeConversation('e2e-b', [
  ['user', 'What does https://logs.example/view?token=s3cret show from 10.1.2.3?'],
  ['assistant', 'It shows the access log.'],
], { site: 'claude', start: JAN + 86_400_000 });

function rows() {
  const split = (c: typeof convA) => {
    const { messages, ...conv } = c;
    return { conv, messages };
  };
  const a = split(convA);
  const b = split(convB);
  return { conversations: [a.conv, b.conv], messages: [...a.messages, ...b.messages] };
}

const collectorRequests = () => s.network.extensionRequests();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coevo-donate-e2e-'));
  const key = await generateStudyKey();
  idFile = join(dir, 'identity.txt');
  writeFileSync(idFile, identityFile(key.identity, key.recipient), { mode: 0o600 });
  collector = await startMiniCollector({ studyId: 'e2e-study' });
  studyText = JSON.stringify(makeStudy(key.recipient, { id: 'e2e-study', title: 'E2E study', collector: collector.url, levels: ['summary', 'conversations'] }), null, 2);
  collector.setStudy(studyText);
  s = await launchWithExtension();
  // Let requests to the collector through the harness's catch-all (everything else stays blocked and recorded).
  const served = (s.context as unknown as { __coevoServed: WeakSet<object> }).__coevoServed;
  await s.context.route((u) => u.origin === collector.url, async (route) => {
    served.add(route.request());
    await route.continue();
  });
  page = await openExtensionPage(s, 'dashboard.html#/donate');
  await page.waitForSelector('[data-no-study]');
  await putRows(page, 'coevo', rows());
  await page.reload();
  await page.waitForSelector('[data-no-study]');
});

afterAll(async () => {
  await s?.close();
  await collector?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('donate', () => {
  it('makes no request until the person joins a study', async () => {
    await page.waitForTimeout(500);
    expect(collectorRequests()).toEqual([]);
    expect(collector.requests).toEqual([]);
  });

  it('joins a study from a pasted URL, showing all of it with its SHA-256', async () => {
    await page.fill('[data-study-url]', collector.url);
    await page.click('[data-action="fetch-study"]');
    await page.waitForSelector('[data-consent]');
    const consent = await page.textContent('[data-consent]');
    expect(consent).toContain('E2E study');
    expect(consent).toContain('Ethics board 2026-042');
    expect(consent).toContain(createHash('sha256').update(studyText).digest('hex'));
    expect(await page.textContent('[data-consent-text]')).toContain('You can withdraw at any time');
    // The one request so far: the study file, from the click.
    expect(collector.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /study.json']);
    expect(collectorRequests().length).toBeGreaterThan(0);
    expect(collectorRequests().every((r) => r.url === `${collector.url}/study.json`)).toBe(true);
    await page.click('[data-action="consent"]');
    await page.waitForSelector('[data-donate-form]');
  });

  it('reviews a redacted conversations donation, removes a row, sends it and shows the receipt', async () => {
    await page.check('[data-level="conversations"]');
    await page.fill('[data-terms]', 'Ann Lind\nAcme');
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-review]');
    const payloadText = await page.textContent('[data-payload]');
    for (const secret of ['ann.lind@acme', '123 45 67', '4111 1111', 's3cret', '10.1.2.3', 'Ann Lind', 'Acme', 'e2e-a']) expect(payloadText).not.toContain(secret);
    expect(await page.locator('mark[data-redacted="email"]').count()).toBe(1);
    expect(await page.textContent('[data-count="term"]')).toContain('3');
    // Search, then remove the row with the secret note.
    await page.fill('[data-review-search]', 'pineapple');
    await waitFor(async () => (await page.locator('[data-row]').count()) === 1, { what: 'search to filter rows' });
    await page.click('[data-row] [data-action="remove-row"]');
    await waitFor(async () => !(await page.textContent('[data-payload]'))!.includes('pineapple'), { what: 'row removed from payload' });
    await page.fill('[data-review-search]', '');
    const reviewed = JSON.parse((await page.textContent('[data-payload]'))!);
    expect(reviewed.scope.removedRows).toBe(1);
    expect(reviewed.redaction).toMatchObject({ email: 1, phone: 1, url: 1, ip: 1, term: 3 });
    expect(reviewed.redaction.card).toBe(0); // the card was in the removed row

    expect(collectorRequests().filter((r) => r.url.endsWith('/donations'))).toEqual([]);
    await page.click('[data-action="send"]');
    await page.waitForSelector('[data-donation][data-status="sent"] [data-receipt-id]', { timeout: 30_000 });
    const receiptId = (await page.textContent('[data-receipt-id]'))!.trim();
    const stored = collector.donations.get(receiptId)!;
    expect(stored).toBeTruthy();

    // The collector holds only ciphertext; the study's `age` decrypts it to exactly the reviewed payload.
    const ct = join(dir, 'donation.age');
    writeFileSync(ct, stored.ciphertext);
    const plain = JSON.parse(execFileSync('age', ['-d', '-i', idFile, ct]).toString('utf8'));
    expect(plain).toEqual({ ...reviewed, createdAt: plain.createdAt });
    expect(plain.conversations.flatMap((c: { messages: { content: string }[] }) => c.messages.map((m) => m.content)).join('\n')).not.toContain('pineapple');
    // Every extension request went to the collector.
    expect(collectorRequests().every((r) => r.url.startsWith(collector.url))).toBe(true);
  });

  it('the collector is down at Send: the outbox retries after the service worker stopped, making exactly one donation', async () => {
    const before = collector.donations.size;
    const posts = collector.requests.filter((r) => r.method === 'POST').length;
    await collector.stop();
    await page.click('[data-action="donate-to"]');
    await page.check('[data-level="summary"]');
    await page.click('[data-action="review"]');
    await page.waitForSelector('[data-review]');
    expect(await page.textContent('[data-payload]')).not.toContain('pineapple');
    await page.click('[data-action="send"]');
    await page.waitForSelector('[data-donation][data-status="queued"]', { timeout: 30_000 });
    await page.close();
    await s.stopServiceWorker();
    await collector.restart();
    // The outbox alarm wakes the worker, which sends it with the donation's one idempotency key.
    await waitFor(() => collector.donations.size === before + 1, { timeout: 90_000, what: 'the retried donation at the collector' });
    page = await openExtensionPage(s, 'dashboard.html#/donate');
    await waitFor(async () => (await page.locator('[data-donation][data-status="sent"]').count()) === 2, { timeout: 30_000, what: 'both donations received' });
    await page.waitForTimeout(1_000);
    expect(collector.donations.size).toBe(before + 1);
    expect(collector.requests.filter((r) => r.method === 'POST').slice(posts).map((r) => r.status)).toEqual([201]);
  });

  it('withdraws one donation, then everything', async () => {
    const first = page.locator('[data-donation]').nth(1);
    const id = (await first.locator('[data-receipt-id]').textContent())!.trim();
    await first.locator('[data-action="withdraw"]').click();
    await waitFor(() => !collector.donations.has(id), { what: 'withdrawal at the collector' });
    await page.waitForSelector('[data-donation][data-status="withdrawn"]');
    await page.click('[data-my-donations] [data-action="delete-all"]');
    await page.fill('[data-my-donations] [data-confirm-input]', 'withdraw');
    await page.click('[data-my-donations] [data-action="confirm-delete"]');
    await waitFor(() => collector.donations.size === 0, { what: 'every donation withdrawn' });
    await page.waitForSelector('[data-donation][data-status="sent"]', { state: 'detached' });
    expect(collector.withdrawn.size).toBe(2);
    expect(collectorRequests().every((r) => r.url.startsWith(collector.url))).toBe(true);
  });
});
