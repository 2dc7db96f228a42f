/**
 * The popup and every dashboard view in real headless Chromium with the built extension (.output/chrome-mv3,
 * `npx wxt build` first): they render seeded data, a tag opens its evidence, charts download as PNG and CSV,
 * the classroom sample loads and unloads without touching the person's data, hostile captured text stays
 * text everywhere, and axe-core finds no serious or critical violations. Screenshots go to docs/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../analysis/engine';
import { buildMessages } from '../../model/build';
import { shown, type Tag } from '../../model/tags';
import type { ConversationWithMessages } from '../../model/types';
import { generateSample } from '../../sample/generate';
import { launchWithExtension, openExtensionPage, ROOT, type ExtensionSession } from './harness';
import { axeSerious, countRows, putRows, shot } from './ui-seed';

const HOSTILE = '<img src=x onerror=alert(1)>';

let s: ExtensionSession;
const dialogs: string[] = [];
const pageErrors: string[] = [];
let page: Page;
let seededTags: Tag[];
let hostileTag: Tag;

function ownData(now: number) {
  // The person's "own" data: generated like the sample but with another seed and marked as captured.
  const convs: ConversationWithMessages[] = generateSample(now, 4242).map((c) => ({ ...c, source: 'capture' as const }));
  const hid = 'chatgpt:hostile-1';
  const messages = buildMessages(hid, [
    { role: 'user', text: HOSTILE, time: now - 2 * 3600_000 },
    { role: 'assistant', text: `That is an HTML image tag: ${HOSTILE}`, time: now - 2 * 3600_000 + 20_000 },
    { role: 'user', text: `No, that's wrong. ${HOSTILE} is not an image.`, time: now - 3600_000 },
  ]);
  convs.push({
    id: hid,
    site: 'chatgpt',
    siteConversationId: 'hostile-1',
    title: HOSTILE,
    source: 'capture',
    createdAt: messages[0]!.time,
    updatedAt: messages[2]!.time,
    messages,
  });
  const { tags, summary, version } = analyze(convs);
  hostileTag = {
    id: 'user-pushback:hostile',
    type: 'user-pushback',
    conversationId: hid,
    messages: [
      { index: 1, id: messages[1]!.id },
      { index: 2, id: messages[2]!.id, spans: [[0, 17]] },
    ],
    direction: 'user→assistant',
    confidence: 0.99,
    explanation: `You pushed back: "${HOSTILE}"`,
    time: messages[2]!.time!,
    site: 'chatgpt',
    version,
  };
  seededTags = [...tags, hostileTag];
  return {
    conversations: convs.map(({ messages: _m, ...c }) => c),
    messages: convs.flatMap((c) => c.messages),
    tags: seededTags,
    analysis: [{ key: 'summary', version, updatedAt: now, value: summary }],
  };
}

async function expectInert(p: Page) {
  expect(await p.locator('img[src="x"], img[src$="/x"]').count()).toBe(0);
  expect(dialogs).toEqual([]);
  expect(pageErrors).toEqual([]);
}

async function go(hash: string) {
  await page.evaluate((h) => (location.hash = h), hash);
  await page.locator('main h1').first().waitFor();
}

beforeAll(async () => {
  // COEVO_EXTENSION_DIR: a copy of the build, when other builds may rewrite .output/ during the run.
  s = await launchWithExtension({ extensionDir: process.env.COEVO_EXTENSION_DIR ?? join(ROOT, '.output', 'chrome-mv3') });
  s.context.on('page', (p) => {
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    p.on('pageerror', (e) => pageErrors.push(e.message));
  });
  page = await openExtensionPage(s, 'dashboard.html');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.locator('main h1').first().waitFor();
  await putRows(page, 'coevo', ownData(Date.now()));
  await page.reload();
  await page.locator('canvas').first().waitFor();
});

afterAll(async () => {
  await s?.close();
});

describe('dashboard', () => {
  it('overview: charts that each answer one question, from the seeded data', async () => {
    await go('#/overview');
    await page.locator('canvas').nth(3).waitFor();
    const questions = await page.locator('.chart-card h2').allTextContents();
    expect(questions).toEqual(
      expect.arrayContaining(['When did you talk to which assistant?', 'Who shaped whom, and when?', 'Are you using AI-typical words more than you used to?']),
    );
    expect(questions.length).toBeGreaterThanOrEqual(5);
    await shot(page, 'overview');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.locator('canvas').nth(3).waitFor();
    await shot(page, 'overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await page.locator('canvas').nth(3).waitFor();
    expect(await axeSerious(page)).toEqual([]);
  });

  it('downloads a chart as PNG and its data as CSV', async () => {
    const card = page.locator('.chart-card').first();
    const [png] = await Promise.all([page.waitForEvent('download'), card.locator('[data-action=png]').click()]);
    expect(png.suggestedFilename()).toMatch(/^coevo-.*\.png$/);
    const pngBytes = readFileSync((await png.path())!);
    expect(pngBytes.subarray(1, 4).toString()).toBe('PNG');
    expect(pngBytes.length).toBeGreaterThan(5_000);
    const [csv] = await Promise.all([page.waitForEvent('download'), card.locator('[data-action=csv]').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^(week|month),ChatGPT,/);
    expect(text.split('\r\n').length).toBeGreaterThan(6);
  });

  it('events: filters by type, and a tag opens its evidence with highlights', async () => {
    await go('#/events');
    // Events lists the tags the confidence setting shows (act tags below 70 % are kept but not listed).
    const total = seededTags.filter((t) => shown(t)).length;
    await expect.poll(() => page.locator('[data-event-count]').textContent()).toContain(`of ${total} events`);
    await shot(page, 'events');
    expect(await axeSerious(page)).toEqual([]);
    await page.selectOption('[data-filter=type]', 'term-uptake');
    const uptakes = seededTags.filter((t) => t.type === 'term-uptake').length;
    await expect.poll(() => page.locator('[data-event-count]').textContent()).toContain(`Showing ${uptakes} of ${total}`);
    await page.locator('.tag-card a.tag-link').first().click();
    await page.locator('.evidence-view .msg.evidence').first().waitFor();
    expect(await page.locator('.evidence-view mark').count()).toBeGreaterThan(0);
    expect(await page.locator('.evidence-view .explanation').textContent()).toMatch(/\S/);
    await shot(page, 'evidence');
    expect(await axeSerious(page)).toEqual([]);
  });

  it('shows hostile captured text as text in events, evidence and conversations', async () => {
    await go(`#/tag/${encodeURIComponent(hostileTag.id)}`);
    await page.locator('.evidence-view .msg').first().waitFor();
    expect(await page.locator('.evidence-view').textContent()).toContain(HOSTILE);
    await expectInert(page);
    await go('#/events');
    await page.selectOption('[data-filter=type]', 'user-pushback');
    await expect.poll(() => page.locator('.tag-list').textContent()).toContain(HOSTILE);
    await expectInert(page);
    await go('#/conversations');
    await page.fill('[data-search]', 'img src');
    await page.locator('.conv-list a').first().waitFor();
    expect(await page.locator('.conv-list a').first().textContent()).toBe(HOSTILE);
    await shot(page, 'conversations');
    expect(await axeSerious(page)).toEqual([]);
    await page.locator('.conv-list a').first().click();
    await page.locator('.thread .msg').nth(2).waitFor();
    expect(await page.locator('main h1').textContent()).toBe(HOSTILE);
    expect(await page.locator('.thread').textContent()).toContain(HOSTILE);
    // A tag citing two messages of this conversation shows its card once (under the later one), not twice.
    const cards = await page.locator('.thread [data-tag-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-tag-id')));
    expect(cards.filter((id) => id === hostileTag.id)).toHaveLength(1);
    expect(new Set(cards).size).toBe(cards.length);
    await expectInert(page);
    await shot(page, 'conversation');
  });

  it('import, settings and privacy views render and pass axe', async () => {
    for (const [hash, name, heading] of [
      ['#/import', 'import', 'Import your history'],
      ['#/settings', 'settings', 'Settings'],
      ['#/privacy', 'privacy', 'Privacy: what Coevo keeps, and where'],
    ] as const) {
      await go(hash);
      expect(await page.locator('main h1').textContent()).toBe(heading);
      if (name === 'settings') await page.locator('[data-site-switch=chatgpt]').waitFor();
      // The importers' panel (components/import/) is loaded lazily into the view.
      if (name === 'import') await page.locator('main input[type=file]').first().waitFor({ state: 'attached' });
      await shot(page, name);
      expect(await axeSerious(page)).toEqual([]);
    }
  });

  it('loads the classroom sample into its own store, presents it, and removes it without touching real data', async () => {
    const before = await countRows(page, 'coevo');
    await go('#/settings');
    await page.locator('[data-action=load-sample]').click();
    await page.locator('[data-sample-banner]').waitFor({ timeout: 120_000 });
    await page.locator('canvas').nth(3).waitFor();
    expect(page.url()).toContain('?data=sample');
    const demo = await countRows(page, 'coevo-demo');
    expect(demo.conversations).toBeGreaterThan(150);
    expect(demo.tags).toBeGreaterThan(10);
    expect(await countRows(page, 'coevo')).toEqual(before);
    await shot(page, 'sample-overview');
    expect(await axeSerious(page)).toEqual([]);

    await go('#/events');
    const types = await page.locator('[data-filter=type] option').allTextContents();
    expect(types.length).toBe(11);
    await shot(page, 'sample-events');

    // Presentation mode: one chart per slide, arrows move, Esc leaves.
    await page.evaluate(() => (location.hash = '#/present/0'));
    await page.locator('.present .chart-card h2').waitFor();
    const first = await page.locator('.present .chart-card h2').textContent();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.present .chart-card h2').textContent()).not.toBe(first);
    expect(await page.locator('.present canvas').count()).toBe(1);
    await page.setViewportSize({ width: 1600, height: 900 });
    await shot(page, 'present');
    expect(await axeSerious(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.locator('nav a[aria-current=page]').waitFor();
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.locator('[data-action=remove-sample]').first().click();
    await page.waitForURL((u) => !u.search.includes('data=sample'));
    await page.locator('canvas').first().waitFor();
    await expect.poll(async () => (await countRows(page, 'coevo-demo')).conversations).toBe(0);
    expect(await countRows(page, 'coevo')).toEqual(before);
  });
});

describe('popup', () => {
  it('shows status, figures against the baseline, the latest tag (hostile text inert), counts and passes axe', async () => {
    const popup = await openExtensionPage(s, 'popup.html');
    await popup.setViewportSize({ width: 360, height: 760 });
    await popup.locator('[data-counts]').waitFor();
    const counts = await countRows(popup, 'coevo');
    expect(await popup.locator('[data-counts]').textContent()).toContain(`${counts.messages!.toLocaleString('en-US')} messages`);
    expect(await popup.locator('[data-tab-status]').textContent()).toMatch(/not one of the assistant sites Coevo supports/);
    expect(await popup.locator('.figure').count()).toBe(3);
    expect(await popup.locator('svg.sparkline').count()).toBe(1);
    expect(await popup.locator('.tag-card').textContent()).toContain(HOSTILE);
    expect(await popup.locator('img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await shot(popup, 'popup');
    expect(await axeSerious(popup)).toEqual([]);
    // Pause is a real setting change through the background.
    await popup.locator('[data-action=pause]').check();
    await expect
      .poll(() =>
        popup.evaluate(() =>
          (globalThis as any).chrome.runtime.sendMessage({ coevo: 1, type: 'popup/state', payload: {} }).then((r: any) => r.settings.paused),
        ),
      )
      .toBe(true);
    await popup.locator('[data-action=pause]').uncheck();
    await popup.close();
  });

  it('deletes all data only after the typed confirmation', async () => {
    const popup = await openExtensionPage(s, 'popup.html');
    await popup.locator('[data-counts]').waitFor();
    await popup.locator('[data-action=delete-all]').click();
    expect(await popup.locator('[data-action=confirm-delete]').isDisabled()).toBe(true);
    await popup.fill('[data-confirm-input]', 'delete');
    await popup.locator('[data-action=confirm-delete]').click();
    await expect.poll(async () => (await countRows(popup, 'coevo')).messages).toBe(0);
    // With nothing stored, the popup offers the sample: it opens the dashboard, which loads and shows it.
    const [dash] = await Promise.all([s.context.waitForEvent('page'), popup.locator('[data-action=popup-sample]').click()]);
    await dash.locator('[data-sample-banner]').waitFor({ timeout: 120_000 });
    expect((await countRows(dash, 'coevo-demo')).conversations).toBeGreaterThan(150);
    expect((await countRows(dash, 'coevo')).messages).toBe(0);
    await dash.locator('[data-action=remove-sample]').first().click();
    await expect.poll(async () => (await countRows(dash, 'coevo-demo')).conversations).toBe(0);
    await dash.close();
  });
});

describe('first run', () => {
  it('tells a new person what Coevo does, that nothing leaves the machine, and the three ways in', async () => {
    // Where `npm start` opens (scripts/start-lib.mjs), and what the overview shows while nothing is stored.
    for (const hash of ['#/welcome', '#/overview']) {
      page = await openExtensionPage(s, `dashboard.html${hash}`);
      await page.locator('[data-welcome]').waitFor();
      expect(await page.locator('h1').first().textContent()).toBe('Welcome to Coevo');
      expect(await page.locator('[data-welcome-privacy]').textContent()).toMatch(/Nothing leaves this computer/);
      expect(await page.locator('[data-welcome-step]').evaluateAll((els) => els.map((e) => e.getAttribute('data-welcome-step')))).toEqual([
        'capture',
        'import',
        'sample',
      ]);
      expect(await page.locator('[data-welcome-step=capture]').textContent()).toMatch(/click Coevo’s icon.*press “Capture”/);
      expect(await page.locator('[data-welcome-step=import] a[href="#/import"]').count()).toBe(1);
      expect(await page.locator('[data-welcome-step=sample] [data-action=load-sample]').count()).toBe(1);
      if (hash === '#/overview') {
        await shot(page, 'empty');
        expect(await axeSerious(page)).toEqual([]);
      }
      await page.close();
    }
  });
});
