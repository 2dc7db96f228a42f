// The trust boundary between content scripts and the background: who may hand over what, how much of it, and
// where it is checked. Each case here was accepted before issue 11.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handleMessage, type BackgroundDeps } from '../../background/handlers';
import { siteKey } from '../../capture/seal';
import { CAPTURE_LIMITS, envelope, type CaptureSnapshot, type SenderLike } from '../../messaging/protocol';
import { LIMITS } from '../../model/validate';
import { CoevoDB } from '../../storage/db';
import { parkSecret } from '../../storage/secrets';

const EXT = 'coevo-test-id';
const ORIGIN = `chrome-extension://${EXT}/`;
const claudePage: SenderLike = { id: EXT, url: 'https://claude.ai/chat/abc', tab: { id: 7, url: 'https://claude.ai/chat/abc' } };
const chatgptPage: SenderLike = { id: EXT, url: 'https://chatgpt.com/c/x', tab: { id: 8, url: 'https://chatgpt.com/c/x' } };

let deps: BackgroundDeps;
let n = 0;
beforeEach(async () => {
  const db = new CoevoDB(`trust-${n++}`);
  await db.open();
  deps = { db, extensionId: EXT, extensionOrigin: ORIGIN, grantedSites: async () => ['claude'], syncContentScripts: vi.fn(async () => []), tabs: new Map() };
});

const snapshot = (over: Partial<CaptureSnapshot> = {}, msgOver: Record<string, unknown> = {}): CaptureSnapshot => ({
  site: 'claude',
  siteConversationId: 'abc',
  url: 'https://claude.ai/chat/abc',
  messages: [
    { role: 'user', text: 'Is Pluto a planet?', time: null, timeSource: 'unknown' },
    { role: 'assistant', text: 'A dwarf planet.', time: null, timeSource: 'unknown', ...msgOver },
  ],
  ...over,
});
const send = (s: unknown, sender: SenderLike = claudePage) => handleMessage(envelope('capture/snapshot', s as CaptureSnapshot), sender, deps);

describe('who may hand over a snapshot', () => {
  it('refuses a snapshot from a sender without a page URL (the old parked-snapshot path skipped the host check)', async () => {
    expect(await send(snapshot({ site: 'chatgpt', url: 'https://chatgpt.com/c/forged' }), { id: EXT })).toMatchObject({ ok: false });
    expect(await send(snapshot(), { id: EXT })).toMatchObject({ ok: false });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('gives the parking key of a site only to a page of that site', async () => {
    const own = await handleMessage(envelope('capture/hello', { site: 'claude', url: 'https://claude.ai/chat/abc' }), claudePage, deps);
    expect(own).toEqual({ capture: true, parkKey: await siteKey(await parkSecret(deps.db), 'claude') });
    const other = await handleMessage(envelope('capture/hello', { site: 'claude', url: 'https://claude.ai/chat/abc' }), chatgptPage, deps);
    expect(other).toEqual({ capture: false, reason: 'unsupported' });
    const noUrl = await handleMessage(envelope('capture/hello', { site: 'claude', url: 'https://claude.ai/' }), { id: EXT }, deps);
    expect(noUrl).toEqual({ capture: false, reason: 'unsupported' });
    // Different sites get different keys.
    expect(await siteKey(await parkSecret(deps.db), 'chatgpt')).not.toBe((own as { parkKey: string }).parkKey);
  });
});

describe('bounds on everything a content script sends', () => {
  const big = 'x'.repeat(LIMITS.textChars + 1);
  it.each([
    ['too many extras', { extras: Array.from({ length: CAPTURE_LIMITS.extrasPerMessage + 1 }, () => ({ kind: 'citation', text: 'a' })) }],
    ['an extra of an unknown kind', { extras: [{ kind: 'script', text: 'a' }] }],
    ['an extra that is not text', { extras: [{ kind: 'thinking', text: { toString: 'x' } }] }],
    ['an oversized extra', { extras: [{ kind: 'thinking', text: big }] }],
    ['an oversized text', { text: big }],
    ['a malformed variant', { variant: { index: -1, count: 'two' } }],
    ['a negative time', { time: -5, timeSource: 'observed' }],
  ])('refuses %s, storing nothing', async (_what, over) => {
    const r = await send(snapshot({}, over));
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid snapshot/) });
    expect(await deps.db.messages.count()).toBe(0);
  });

  it('refuses a snapshot whose texts together exceed the snapshot bound', async () => {
    const msgs = Array.from({ length: 9 }, (_, i) => ({
      role: 'user' as const,
      text: `${i}`.padEnd(LIMITS.textChars, 'y'),
      time: null,
      timeSource: 'unknown' as const,
    }));
    expect(9 * LIMITS.textChars).toBeGreaterThan(CAPTURE_LIMITS.snapshotChars);
    expect(await send(snapshot({ messages: msgs }))).toMatchObject({ ok: false, error: expect.stringMatching(/characters of text/) });
  });

  it('keeps valid extras whole (kind and text only)', async () => {
    const r = await send(snapshot({}, { extras: [{ kind: 'thinking', text: 'first, recall the IAU vote', extra: 'dropped' }] }));
    expect(r).toMatchObject({ ok: true });
    const m = (await deps.db.messages.toArray()).find((x) => x.role === 'assistant')!;
    expect(m.extras).toEqual([{ kind: 'thinking', text: 'first, recall the IAU vote' }]);
  });
});
