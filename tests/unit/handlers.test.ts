import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleMessage, type BackgroundDeps } from '../../background/handlers';
import { envelope, type CaptureSnapshot, type SenderLike } from '../../messaging/protocol';
import { CoevoDB } from '../../storage/db';
import { updateSettings } from '../../storage/settings';

const EXT = 'coevo-test-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const page: SenderLike = { id: EXT, url: `${ORIGIN}popup.html` };
const contentScript: SenderLike = { id: EXT, url: 'https://claude.ai/chat/abc', tab: { id: 7, url: 'https://claude.ai/chat/abc' } };

let deps: BackgroundDeps;
let n = 0;
beforeEach(async () => {
  const db = new CoevoDB(`handlers-${n++}`);
  await db.open();
  deps = {
    db,
    extensionId: EXT,
    extensionOrigin: ORIGIN,
    grantedSites: async () => ['claude'],
    syncContentScripts: vi.fn(async () => ['claude' as const]),
    onStored: vi.fn(),
    tabs: new Map(),
  };
});

const snapshot = (over: Partial<CaptureSnapshot> = {}): CaptureSnapshot => ({
  site: 'claude',
  siteConversationId: 'abc',
  url: 'https://claude.ai/chat/abc',
  title: 'Test',
  messages: [
    { role: 'user', text: 'Is Pluto a planet?', time: null, timeSource: 'unknown' },
    { role: 'assistant', text: 'Since 2006 it is classed as a dwarf planet.', time: 1_700_000_000_000, timeSource: 'observed' },
  ],
  ...over,
});

describe('background message handler', () => {
  it('stores a valid snapshot from a content script and reports what changed', async () => {
    const res = await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps);
    expect(res).toEqual({ ok: true, conversationId: 'claude:abc', added: 2, updated: 0 });
    expect(deps.onStored).toHaveBeenCalledWith(['claude:abc']);
    expect(deps.tabs.get(7)).toMatchObject({ site: 'claude', capturing: true, messagesSeen: 2 });
    const again = await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps);
    expect(again).toMatchObject({ ok: true, added: 0, updated: 0 });
    expect(await deps.db.messages.count()).toBe(2);
  });

  it.each([
    ['an unknown site', { site: 'evil' as never }],
    ['a non-https url', { url: 'javascript:alert(1)' }],
    ['a bad role', { messages: [{ role: 'system' as never, text: 'x', time: null, timeSource: 'unknown' as const }] }],
    ['a time without a source', { messages: [{ role: 'user' as const, text: 'x', time: 5, timeSource: 'unknown' as const }] }],
    ['a huge text', { messages: [{ role: 'user' as const, text: 'x'.repeat(2_000_001), time: null, timeSource: 'unknown' as const }] }],
  ])('ignores a snapshot with %s and stores nothing', async (_name, over) => {
    const res = await handleMessage(envelope('capture/snapshot', snapshot(over)), contentScript, deps);
    expect(res).toMatchObject({ ok: false });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('refuses a snapshot of another site than the page that sent it', async () => {
    const res = await handleMessage(envelope('capture/snapshot', snapshot({ site: 'chatgpt', url: 'https://chatgpt.com/c/abc' })), contentScript, deps);
    expect(res).toMatchObject({ ok: false, error: 'snapshot site does not match the page' });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('does not capture while paused or when the site is switched off', async () => {
    await updateSettings(deps.db, { paused: true });
    expect(await handleMessage(envelope('capture/hello', { site: 'claude', url: 'https://claude.ai/' }), contentScript, deps)).toEqual({
      capture: false,
      reason: 'paused',
    });
    expect(await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps)).toMatchObject({ ok: false, error: 'paused' });
    await updateSettings(deps.db, { paused: false, sites: { claude: false } as never });
    expect(await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps)).toMatchObject({ ok: false, error: 'site-off' });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('accepts delete-all only from an extension page, and only with confirmation', async () => {
    await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps);
    expect(await handleMessage(envelope('data/delete-all', { confirm: 'delete-all' }), contentScript, deps)).toMatchObject({ ok: false });
    expect(await handleMessage(envelope('data/delete-all', { confirm: 'nope' as never }), page, deps)).toEqual({ ok: false });
    expect(await deps.db.messages.count()).toBe(2);
    expect(await handleMessage(envelope('data/delete-all', { confirm: 'delete-all' }), page, deps)).toEqual({ ok: true });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('refuses settings and state requests from content scripts', async () => {
    expect(await handleMessage(envelope('settings/update', { paused: true }), contentScript, deps)).toMatchObject({ ok: false });
    expect(await handleMessage(envelope('popup/state', {}), contentScript, deps)).toMatchObject({ ok: false });
  });

  it('answers the popup with settings, counts and permissions', async () => {
    await handleMessage(envelope('capture/snapshot', snapshot()), contentScript, deps);
    const state = (await handleMessage(envelope('popup/state', { tabId: 7 }), page, deps)) as Record<string, any>;
    expect(state.counts).toMatchObject({ conversations: 1, messages: 2, bySite: { claude: { conversations: 1, messages: 2 } } });
    expect(state.granted).toEqual(['claude']);
    expect(state.tab).toMatchObject({ site: 'claude', capturing: true });
    const s = (await handleMessage(envelope('settings/update', { paused: true, retentionDays: -3 }), page, deps)) as Record<string, any>;
    expect(s).toMatchObject({ paused: true, retentionDays: 0 });
    expect(deps.syncContentScripts).toHaveBeenCalled();
  });

  it('runs the analysis for an extension page and reports failures as errors, not throws', async () => {
    deps.analyseNow = vi.fn(async (ids: string[]) => ({ analysed: ids.length, rebuilt: false }));
    expect(await handleMessage(envelope('analysis/run', { conversationIds: ['claude:abc', 5 as never] }), page, deps)).toEqual({
      ok: true,
      analysed: 1,
      rebuilt: false,
    });
    expect(await handleMessage(envelope('analysis/run', {}), contentScript, deps)).toMatchObject({ ok: false });
    deps.analyseNow = async () => {
      throw new Error('disk full');
    };
    expect(await handleMessage(envelope('analysis/run', {}), page, deps)).toMatchObject({ ok: false, error: 'disk full' });
  });

  it('ignores messages that are not Coevo envelopes', async () => {
    expect(await handleMessage({ type: 'capture/snapshot' }, contentScript, deps)).toBeUndefined();
    expect(await handleMessage('hello', page, deps)).toBeUndefined();
  });
});
