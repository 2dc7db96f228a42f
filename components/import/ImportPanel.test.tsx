// @vitest-environment happy-dom
// The panel end to end in a DOM: choose a file, see results in plain words, data stored, analysis asked.
import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CoevoDB } from '../../storage/db';
import { fixtureBytes } from '../../importers/fixtures/load';
import { buildChatGPTZip } from '../../importers/fixtures/make-zip';
import { getSettings, updateSettings } from '../../storage/settings';
import { ImportPanel } from './ImportPanel';

let host: HTMLElement | null = null;
const dbs: CoevoDB[] = [];
afterEach(async () => {
  if (host) render(null, host);
  document.body.innerHTML = '';
  for (const db of dbs.splice(0)) await db.delete();
});

async function until(check: () => boolean, ms = 10_000) {
  const t0 = Date.now();
  while (!check()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function choose(input: HTMLInputElement, files: File[]) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('ImportPanel', () => {
  it('imports chosen files, lists per-file results in plain words and refreshes analysis', async () => {
    const db = new CoevoDB(`panel-${Date.now()}`);
    dbs.push(db);
    const analysed: string[][] = [];
    let imported = 0;
    host = document.createElement('div');
    document.body.append(host);
    render(<ImportPanel db={db} analyse={async (ids) => void analysed.push(ids)} onImported={() => imported++} />, host);

    const input = host.querySelector<HTMLInputElement>('input[type=file]')!;
    expect(input.multiple).toBe(true);
    // The input has a visible label.
    expect(host.querySelector(`label[for="${input.id}"]`)?.textContent).toMatch(/Choose export files/);

    choose(input, [
      new File([fixtureBytes('claude/conversations-2025.json')], 'conversations.json', { type: 'application/json' }),
      new File(['not an export'], 'notes.txt', { type: 'text/plain' }),
      new File([buildChatGPTZip() as Uint8Array<ArrayBuffer>], 'chatgpt-export.zip', { type: 'application/zip' }),
    ]);
    await until(() => !!host!.querySelector('[data-testid=import-done]') && host!.querySelectorAll('[data-testid=import-results] li').length === 3);
    const items = [...host.querySelectorAll('[data-testid=import-results] li')].map((li) => [li.getAttribute('data-status'), li.textContent]);
    expect(items[0][0]).toBe('imported');
    expect(items[0][1]).toMatch(/conversations\.json: 1 conversations, 3 messages read; 3 new and 0 updated messages saved\. Read as: Claude/);
    expect(items[1][0]).toBe('failed');
    expect(items[1][1]).toMatch(/notes\.txt: not imported\. .*not a known export.* Nothing from this file was saved\./);
    expect(items[2]).toEqual(['imported', expect.stringMatching(/^chatgpt-export\.zip\/conversations\.json: 2 conversations, 10 messages read/)]);
    expect(host.querySelector('[data-testid=import-not-read]')?.textContent).toMatch(/not read.*: user\.json, message_feedback\.json, chat\.html\.$/);
    expect(await db.messages.count()).toBe(13);
    expect(analysed).toHaveLength(1);
    expect(analysed[0]).toContain('claude:5a1e0000-0000-4000-8000-0000000000c1');
    expect(analysed[0]).toContain('chatgpt:c0ffee00-0000-4000-8000-000000000001');
    expect(imported).toBeGreaterThan(0);
    expect(input.disabled).toBe(false);
  });

  it('warns before importing history older than the retention window, with counts, and keeps it by turning retention off', async () => {
    const db = new CoevoDB(`panel-older-${Date.now()}`);
    dbs.push(db);
    await updateSettings(db, { retentionDays: 30 });
    host = document.createElement('div');
    document.body.append(host);
    render(<ImportPanel db={db} analyse={async () => undefined} />, host);
    choose(host.querySelector<HTMLInputElement>('input[type=file]')!, [
      new File([fixtureBytes('claude/conversations-2025.json')], 'conversations.json', { type: 'application/json' }),
    ]);
    await until(() => !!host!.querySelector('[data-testid=import-older]'));
    const question = host.querySelector('[data-testid=import-older]')!;
    expect(question.textContent).toMatch(/conversations\.json holds 1 conversations \(3 messages\) whose last message is more than 30 days old/);
    // Nothing is stored while the question is open.
    expect(await db.messages.count()).toBe(0);
    question.querySelector<HTMLButtonElement>('button[data-answer=keep]')!.click();
    await until(() => !!host!.querySelector('[data-testid=import-done]'));
    expect(host.querySelector('[data-testid=import-older]')).toBeNull();
    expect(host.querySelector('[data-testid=import-results] li')?.textContent).toMatch(/1 older conversations kept: retention is now off/);
    expect(await db.messages.count()).toBe(3);
    expect((await getSettings(db)).retentionDays).toBe(0);
  });
});
