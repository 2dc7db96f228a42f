// The outbox: retried until acknowledged, superseded only by a snapshot that contains it, parked in storage
// when the background does not answer, and drained by the background (background/outbox.ts) from there.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drainParkedSnapshots } from '../background/outbox';
import type { CaptureSnapshot, Res } from '../messaging/protocol';
import { Outbox, OUTBOX_KEY_PREFIX, type PersistedOutbox } from './outbox';
import { newSecret, seal, siteKey } from './seal';
import type { SiteId } from '../model/types';

const snap = (conv: string, texts: string[]): CaptureSnapshot => ({
  site: 'claude',
  siteConversationId: conv,
  url: `https://claude.ai/chat/${conv}`,
  messages: texts.map((text, i) => ({ role: i % 2 ? 'assistant' : 'user', text, time: null, timeSource: 'unknown' })),
});
const keys = (texts: string[]) => new Set(texts);
const ok: Res<'capture/snapshot'> = { ok: true, conversationId: 'x', added: 1, updated: 0 };

/** What this page's outbox wrote (sealed on the way out, as capture/content.ts does: see kv()). */
let store: Map<string, PersistedOutbox>;
/** Records put into storage.local by someone else (any content script can). */
let foreign: Map<string, unknown>;
// The background's secret and the key it hands to pages of claude.ai (capture/seal.ts).
const SECRET = newSecret();
const keyOf = (site: SiteId) => siteKey(SECRET, site);
let delivered: CaptureSnapshot[];
let up: boolean;

function outbox() {
  return new Outbox({
    pageKey: 'page1',
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    persistAfterMs: 500,
    send: async (s) => {
      if (!up) throw new Error('Could not establish connection. Receiving end does not exist.');
      delivered.push(s);
      return ok;
    },
    persist: {
      set: async (k, v) => void store.set(k, structuredClone(v)),
      remove: async (k) => void store.delete(k),
    },
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  store = new Map();
  foreign = new Map();
  delivered = [];
  up = true;
});
afterEach(() => vi.useRealTimers());

describe('Outbox', () => {
  it('delivers and forgets acknowledged snapshots without touching storage', async () => {
    const o = outbox();
    o.push(snap('a', ['q', 'r']), keys(['q', 'r']));
    await vi.advanceTimersByTimeAsync(2000);
    expect(delivered).toHaveLength(1);
    expect(o.pending).toBe(0);
    expect(store.size).toBe(0);
  });

  it('retries while the service worker is down, parks the snapshot, and delivers it when it is back', async () => {
    up = false;
    const o = outbox();
    o.push(snap('a', ['q', 'r']), keys(['q', 'r']));
    await vi.advanceTimersByTimeAsync(1000);
    expect(o.pending).toBe(1);
    expect([...store.keys()]).toEqual([`${OUTBOX_KEY_PREFIX}page1`]);
    up = true;
    await vi.advanceTimersByTimeAsync(11_000);
    expect(delivered.map((s) => s.messages.length)).toEqual([2]);
    expect(o.pending).toBe(0);
    expect(store.size).toBe(0);
  });

  it('drops a pending snapshot only when a newer one contains all its messages', async () => {
    up = false;
    const o = outbox();
    o.push(snap('a', ['q']), keys(['q']));
    o.push(snap('a', ['q', 'r1']), keys(['q', 'r1']));
    // r1 regenerated as r2 before anything was delivered: r1 must still reach the store.
    o.push(snap('a', ['q', 'r2']), keys(['q', 'r2']));
    up = true;
    await vi.advanceTimersByTimeAsync(15_000);
    const texts = delivered.map((s) => s.messages.map((m) => m.text).join('|'));
    expect(texts).toContain('q|r1');
    expect(texts[texts.length - 1]).toBe('q|r2');
    expect(texts.filter((t) => t === 'q')).toHaveLength(texts[0] === 'q' ? 1 : 0);
  });

  it('treats a refusal for good (invalid, paused) as done, not as a delivery failure', async () => {
    const o = new Outbox({
      pageKey: 'p',
      now: () => Date.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      send: async () => ({ ok: false, error: 'paused' }),
    });
    o.push(snap('a', ['q']), keys(['q']));
    await vi.advanceTimersByTimeAsync(1000);
    expect(o.pending).toBe(0);
  });

  it('parked snapshots of a closed tab are drained by the background', async () => {
    up = false;
    const o = outbox();
    o.push(snap('a', ['q', 'r']), keys(['q', 'r']));
    await vi.advanceTimersByTimeAsync(1000);
    o.stop(); // the tab is closed
    const stored: CaptureSnapshot[] = [];
    const n = await drainParkedSnapshots(async (s) => (stored.push(s), true), kv(), keyOf);
    expect(n).toEqual({ drained: 1, discarded: 0 });
    expect(stored[0]!.messages.map((m) => m.text)).toEqual(['q', 'r']);
    expect(store.size).toBe(0);
  });

  it('parks what is unacknowledged when it is stopped (a script shut down loses nothing)', async () => {
    up = false;
    const o = outbox();
    o.push(snap('a', ['q', 'r']), keys(['q', 'r']));
    await vi.advanceTimersByTimeAsync(100); // before the 500 ms parking timer
    expect(store.size).toBe(0);
    o.stop();
    await vi.advanceTimersByTimeAsync(10);
    expect(store.size).toBe(1);
    const stored: CaptureSnapshot[] = [];
    await drainParkedSnapshots(async (s) => (stored.push(s), true), kv(), keyOf);
    expect(stored).toHaveLength(1);
  });
});

/** storage.local as the background sees it: this page's records sealed with claude's key, plus foreign ones. */
const kv = () => ({
  get: async () => {
    const all: Record<string, unknown> = Object.fromEntries(foreign);
    for (const [k, v] of store) all[k] = await seal(await keyOf('claude'), 'claude', v.savedAt, v.snapshots);
    return all;
  },
  remove: async (ks: string[]) => ks.forEach((k) => (store.delete(k), foreign.delete(k))),
});

describe("parked snapshots are trusted only when sealed with their own site's key", () => {
  const forged = (site: SiteId): CaptureSnapshot => ({ ...snap('forged', ['I never said this', 'nor this']), site, url: 'https://chatgpt.com/c/forged' });
  it.each([
    ['written in plain (as any content script could)', async () => ({ savedAt: 1, snapshots: [forged('chatgpt')] })],
    [
      "sealed with another site's key, claiming chatgpt",
      async () => ({ ...(await seal(await keyOf('claude'), 'claude', 1, [forged('chatgpt')])), site: 'chatgpt' }),
    ],
    ["sealed with claude's key, holding a chatgpt snapshot", async () => seal(await keyOf('claude'), 'claude', 1, [forged('chatgpt')])],
    ['sealed before a delete-all (old secret)', async () => seal(await siteKey(newSecret(), 'chatgpt'), 'chatgpt', 1, [forged('chatgpt')])],
    [
      'tampered ciphertext',
      async () => {
        const r = await seal(await keyOf('chatgpt'), 'chatgpt', 1, [forged('chatgpt')]);
        return { ...r, data: (r.data[0] === 'A' ? 'B' : 'A') + r.data.slice(1) };
      },
    ],
  ])('%s: discarded, nothing stored', async (_what, make) => {
    foreign.set(`${OUTBOX_KEY_PREFIX}evil`, await make());
    const stored: CaptureSnapshot[] = [];
    const r = await drainParkedSnapshots(async (s) => (stored.push(s), true), kv(), keyOf);
    expect(stored).toEqual([]);
    expect(r).toEqual({ drained: 0, discarded: 1 });
    expect(foreign.size).toBe(0);
  });

  it('a record sealed by a page of its own site is stored', async () => {
    foreign.set(`${OUTBOX_KEY_PREFIX}good`, await seal(await keyOf('chatgpt'), 'chatgpt', 1, [forged('chatgpt')]));
    const stored: CaptureSnapshot[] = [];
    expect(await drainParkedSnapshots(async (s) => (stored.push(s), true), kv(), keyOf)).toEqual({ drained: 1, discarded: 0 });
  });
});
