/**
 * Importing an official export through the dashboard in real Chromium: the .zip exactly as ChatGPT delivers
 * it lands with the same conversations and messages the importer reads in Node, a second import of the same
 * file adds nothing, and a truncated file is refused with a message while the store stays as it was.
 */
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSource } from '../../importers';
import type { ConversationWithMessages } from '../../model/types';
import { launchWithExtension, openExtensionPage, readStore, ROOT, waitFor, type ExtensionSession } from './harness';

const ZIP = join(ROOT, 'importers/fixtures/zip/chatgpt-export.zip');
let s: ExtensionSession;
let page: Page;
const expected: ConversationWithMessages[] = [];

beforeAll(async () => {
  for await (const e of importSource({ name: 'chatgpt-export.zip', open: () => createReadStream(ZIP) }))
    if (e.type === 'conversation') expected.push(e.conversation);
  s = await launchWithExtension();
  page = await openExtensionPage(s, 'dashboard.html#/import');
});
afterAll(async () => s?.close());

/** Chooses files in the Import view and waits for `until` (by default the "done" line of a stored import). */
async function importFiles(files: string[], until = '[data-testid=import-done]') {
  await page.locator('#coevo-import-files').setInputFiles(files);
  await page.locator(until).first().waitFor({ timeout: 60_000 });
  return page.locator('[data-testid=import-results] li').allInnerTexts();
}

describe('import through the dashboard', () => {
  it('stores the conversations of a ChatGPT .zip exactly as the importer reads them', async () => {
    expect(expected.length).toBeGreaterThan(0);
    await importFiles([ZIP]);
    const conversations = await waitFor(async () => {
      const rows = await readStore(s, 'conversations');
      return rows.length === expected.length ? rows : undefined;
    });
    expect(conversations.map((c: any) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(conversations.every((c: any) => c.source === 'import' && c.format === 'chatgpt-json')).toBe(true);
    const messages = await readStore(s, 'messages');
    const want = expected.flatMap((c) => c.messages);
    expect(messages.length).toBe(want.length);
    expect(messages.filter((m: any) => m.current).length).toBe(want.filter((m) => m.current).length);
    expect(messages.every((m: any) => m.timeSource === 'export' && typeof m.time === 'number')).toBe(true);
  });

  it('re-importing the same export adds nothing', async () => {
    const before = (await readStore(s, 'messages')).length;
    await page.reload();
    await importFiles([ZIP]);
    expect((await readStore(s, 'messages')).length).toBe(before);
    expect((await readStore(s, 'conversations')).length).toBe(expected.length);
  });

  it('refuses a truncated export with a message and stores nothing from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coevo-import-'));
    const bad = join(dir, 'conversations.json');
    writeFileSync(
      bad,
      '[{"title": "Cut short", "create_time": 1717000000, "mapping": {"a": {"id": "a", "message": {"author": {"role": "user"}, "content": {"parts": ["hel',
    );
    const before = (await readStore(s, 'messages')).length;
    await page.reload();
    const results = await importFiles([bad], '[data-testid=import-results] li[data-status=failed]');
    expect(results).toHaveLength(1);
    expect(results[0]).toMatch(/conversations\.json/);
    expect((await readStore(s, 'messages')).length).toBe(before);
  });

  it('made no network request', () => {
    expect(s.network.extensionRequests()).toEqual([]);
  });
});
