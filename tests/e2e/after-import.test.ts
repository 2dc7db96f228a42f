/**
 * After a big import (issue 13), in real Chromium: a ChatGPT export generated here (years-old history with a gap of
 * several months, ~4,000 conversations) is imported through the dashboard. While the background analyses it, the
 * dashboard and the popup show what it is doing, how far and the time left, and the overview shows what is already
 * stored (never "Nothing here yet"); afterwards the charts are there, and the message count agrees in the overview,
 * the popup and the store. The popup's figures are for the latest period with data (and say which), with its latest
 * notable moment; time axes keep the empty months; Present mode keeps its navigation on screen at 1280×900.
 * Screenshots go to docs/screenshots/.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationWithMessages } from '../../model/types';
import { generateSample } from '../../sample/generate';
import { chartsDrawn, shot } from './ui-seed';
import { launchWithExtension, openExtensionPage, readStore, type ExtensionSession } from './harness';

const WEEK = 7 * 86_400_000;
const NOW = Date.now();

let s: ExtensionSession;
let page: Page;
let file: string;

/** One conversation in ChatGPT's export shape (conversations.json): a linear mapping from a root node. */
function chatgptConversation(c: ConversationWithMessages, id: string) {
  const mapping: Record<string, object> = { root: { id: 'root', message: null, parent: null, children: [] as string[] } };
  let parent = 'root';
  for (const [i, m] of c.messages.entries()) {
    const nid = `${id}-m${i}`;
    mapping[nid] = {
      id: nid,
      parent,
      children: [] as string[],
      message: {
        id: nid,
        author: { role: m.role, name: null, metadata: {} },
        create_time: m.time! / 1000,
        content: { content_type: 'text', parts: [m.text] },
        status: 'finished_successfully',
        metadata: {},
      },
    };
    (mapping[parent] as { children: string[] }).children.push(nid);
    parent = nid;
  }
  return {
    title: c.title ?? 'Untitled',
    create_time: c.messages[0]!.time! / 1000,
    update_time: c.messages[c.messages.length - 1]!.time! / 1000,
    mapping,
    current_node: parent,
    conversation_id: id,
    id,
  };
}

/**
 * Two stretches of old history: the sample's six months copied (ids and times shifted) into a stretch that ends 20
 * weeks ago and another ending about a year before it, so months in between have no messages at all.
 */
function oldHistory(): object[] {
  const base = generateSample(NOW, 777);
  const out: object[] = [];
  const stretches = [20, 78];
  for (const [k, weeksAgo] of stretches.entries())
    for (let copy = 0; copy < 6; copy++) {
      const shift = (weeksAgo + copy) * WEEK;
      for (const [i, c] of base.entries()) {
        const moved = { ...c, messages: c.messages.map((m) => ({ ...m, time: m.time! - shift })) };
        out.push(chatgptConversation(moved, `0000${k}${copy}${String(i).padStart(4, '0')}-aaaa-4bbb-8ccc-${String(k * 10 + copy).padStart(12, '0')}`));
      }
    }
  return out;
}

/** Records every text the analysis progress shows on this page, however briefly. */
async function recordProgress(p: Page) {
  await p.evaluate(() => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const note = () => {
      const el = document.querySelector('[data-analysis-status]');
      const text = el?.textContent ?? '';
      if (text && w.__progress[w.__progress.length - 1] !== text) w.__progress.push(text);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const seenProgress = (p: Page) => p.evaluate(() => (window as unknown as { __progress: string[] }).__progress);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'coevo-big-import-'));
  file = join(dir, 'conversations.json');
  writeFileSync(file, JSON.stringify(oldHistory()));
  s = await launchWithExtension();
  page = await openExtensionPage(s, 'dashboard.html#/import');
  await page.setViewportSize({ width: 1280, height: 900 });
});
afterAll(async () => s?.close());

describe('after a big import', () => {
  let popup: Page;

  it('shows the analysis progress in the dashboard and the popup, and what is stored while it runs', async () => {
    await page.locator('#coevo-import-files').waitFor();
    popup = await openExtensionPage(s, 'popup.html');
    await popup.setViewportSize({ width: 380, height: 800 });
    await popup.locator('[data-tab-status]').waitFor();
    await recordProgress(page);
    await recordProgress(popup);

    await page.locator('#coevo-import-files').setInputFiles([file]);
    // The file is stored first; then the analysis runs, with its progress in the dashboard.
    await page.locator('[data-analysis-progress]').waitFor({ timeout: 240_000 });
    const stored = (await readStore(s, 'messages')).length;
    expect(stored).toBeGreaterThan(5_000);

    // While it runs, the overview shows what is stored: the same message count, and no first-run page.
    await page.evaluate(() => (location.hash = '#/overview'));
    await page.locator('main h1').first().waitFor();
    const intro = await page.locator('main h1 + p').first().innerText({ timeout: 30_000 });
    expect(intro).toContain(stored.toLocaleString('en-US'));
    expect(await page.locator('.welcome').count()).toBe(0);
    expect(await page.getByText('Nothing here yet').count()).toBe(0);
    // The activity chart is counted from the stored messages meanwhile (the summary is not there yet).
    await page.locator('[data-chart=activity][data-drawn]').waitFor({ timeout: 60_000 });
    // The picture is of the analysis still running: taken only if it still is once the charts on screen are drawn.
    await chartsDrawn(page);
    if (await page.locator('[data-analysis-progress]').count()) await shot(page, 'overview-analysing', 400_000);

    // The run ends: the progress goes away by itself.
    await page.locator('[data-analysis-progress]').waitFor({ state: 'detached', timeout: 300_000 });
    const dash = await seenProgress(page);
    const pop = await seenProgress(popup);
    // What is being done, how far (N of M conversations), time left: seen in both.
    for (const seen of [dash, pop]) {
      expect(seen.length, seen.join(' | ')).toBeGreaterThan(0);
      expect(
        seen.some((x) => /conversations analysed|Reading your stored|Saving tags/.test(x)),
        seen.join(' | '),
      ).toBe(true);
    }
    expect(
      [...dash, ...pop].some((x) => /\d[\d,]* of [\d,]+ conversations analysed/.test(x)),
      [...dash, ...pop].join(' | '),
    ).toBe(true);
    expect(
      [...dash, ...pop].some((x) => /about \d+ (s|min)/.test(x)),
      [...dash, ...pop].join(' | '),
    ).toBe(true);
  });

  it('then shows the results, with one message count everywhere', async () => {
    const stored = (await readStore(s, 'messages')).length;
    await page.reload();
    await page.locator('[data-chart=influence]').waitFor({ timeout: 60_000 });
    expect(await page.locator('[data-chart=activity]').count()).toBe(1);
    expect(await page.locator('main h1 + p').first().innerText()).toContain(stored.toLocaleString('en-US'));
    expect(await page.locator('.tag-card').count()).toBeGreaterThan(0);
    await popup.reload();
    await popup.locator('[data-counts]').waitFor();
    expect(await popup.locator('[data-counts]').innerText()).toContain(stored.toLocaleString('en-US'));
  });

  it('keeps the empty months on the time axes', async () => {
    const card = page.locator('[data-chart=ai-vocabulary]');
    await card.scrollIntoViewIfNeeded();
    await card.getByRole('button', { name: 'Show the numbers' }).click();
    const rows = await card.locator('tbody tr').allInnerTexts();
    // About a year between the two stretches: months with no messages keep their row, without a value.
    const empty = rows.filter((r) => /—/.test(r.split('\t')[1] ?? ''));
    expect(rows.length).toBeGreaterThan(14);
    expect(empty.length).toBeGreaterThan(4);
  });

  it('the popup shows the latest period with data (and says which) and the latest notable moment', async () => {
    await popup.reload();
    await popup.locator('[data-figures-period]').waitFor();
    const text = await popup.locator('main').innerText();
    expect(text).toMatch(/Nothing in the last 7 days: your latest week with messages, to /);
    const today = await popup.locator('.figure .num').first().innerText();
    expect(Number(today.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(text).not.toMatch(/about your usual 0(\.0)?(?![\d.])/);
    expect(await popup.locator('#latest-h').count()).toBe(1);
    expect(await popup.locator('.tag-card').count()).toBeGreaterThan(0);
    await shot(popup, 'popup-old-history');
  });

  it('Present mode keeps its navigation and the chart on screen at 1280×900, on every slide', async () => {
    await page.evaluate(() => (location.hash = '#/present/0'));
    await page.locator('.present .chart-card h2').waitFor();
    const n = Number((await page.locator('.present-nav [aria-live]').innerText()).match(/\/ (\d+)/)?.[1]);
    expect(n).toBeGreaterThan(2);
    for (let i = 0; i < n; i++) {
      await expect.poll(() => page.locator('.present-nav [aria-live]').innerText()).toContain(`${i + 1} /`);
      // Drawn (chart.js sizes the canvas to its box when the chart comes on screen), and large.
      await expect.poll(async () => (await page.locator('.present canvas').boundingBox())?.height ?? 0, { timeout: 15_000 }).toBeGreaterThan(200);
      for (const sel of ['.present-nav button >> nth=0', '.present-nav button >> nth=1', '.present-nav a', '.present canvas', '.present .chart-card h2']) {
        const box = (await page.locator(sel).boundingBox())!;
        expect(box, sel).not.toBeNull();
        expect(box.y, `${sel} on slide ${i + 1}`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${sel} on slide ${i + 1}`).toBeLessThanOrEqual(900);
        expect(box.x + box.width, `${sel} on slide ${i + 1}`).toBeLessThanOrEqual(1280);
      }
      if (i === 0) await shot(page, 'present-1280x900');
      await page.keyboard.press('ArrowRight');
    }
  });

  it('made no network request', () => {
    expect(s.network.extensionRequests()).toEqual([]);
  });
});
