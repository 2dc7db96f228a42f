// The outbox: retried until acknowledged, superseded only by a snapshot that contains it, parked in storage
// when the background does not answer, and drained by the background (background/outbox.ts) from there.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { drainParkedSnapshots } from '../background/outbox';
import type { CaptureSnapshot, Res } from '../messaging/protocol';
import { Outbox, OUTBOX_KEY_PREFIX, type PersistedOutbox } from './outbox';

const snap = (conv: string, texts: string[]): CaptureSnapshot => ({
  site: 'claude',
  siteConversationId: conv,
  url: `https://claude.ai/chat/${conv}`,
  messages: texts.map((text, i) => ({ role: i % 2 ? 'assistant' : 'user', text, time: null, timeSource: 'unknown' })),
});
const keys = (texts: string[]) => new Set(texts);
const ok: Res<'capture/snapshot'> = { ok: true, conversationId: 'x', added: 1, updated: 0 };

let store: Map<string, PersistedOutbox>;
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
    const n = await drainParkedSnapshots(async (s) => (stored.push(s), true), {
      get: async () => Object.fromEntries(store),
      remove: async (ks) => ks.forEach((k) => store.delete(k)),
    });
    expect(n).toBe(1);
    expect(stored[0]!.messages.map((m) => m.text)).toEqual(['q', 'r']);
    expect(store.size).toBe(0);
  });
});
