// entrypoints/background.ts through its own `main()`, with WXT's fake browser (as WXT's examples test a
// background): the listeners it registers answer Coevo's envelopes, the daily retention alarm exists and runs
// retention on the person's database, and a permission change re-syncs the content scripts.
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import background from '../../entrypoints/background';
import { makeConversation } from '../../analysis/testing';
import { RETENTION_ALARM } from '../../background/retention';
import { getDb } from '../../storage/db';
import { mergeConversations } from '../../storage/merge';
import { updateSettings } from '../../storage/settings';

/** The few events fake-browser leaves unimplemented, as in-memory events with `trigger`. */
function event<A extends unknown[]>() {
  const listeners: ((...a: A) => unknown)[] = [];
  return {
    addListener: (l: (...a: A) => unknown) => void listeners.push(l),
    removeListener: (l: (...a: A) => unknown) => void listeners.splice(listeners.indexOf(l) >>> 0, 1),
    hasListener: (l: (...a: A) => unknown) => listeners.includes(l),
    trigger: (...a: A) => Promise.all(listeners.map((l) => l(...a))),
  };
}

const until = async (check: () => Promise<boolean>, ms = 10_000) => {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('background main()', () => {
  const permissions = { onAdded: event<[unknown]>(), onRemoved: event<[unknown]>() };
  let registered = 0;

  beforeEach(() => {
    fakeBrowser.reset();
    registered = 0;
    Object.assign(fakeBrowser.permissions, permissions, {
      getAll: async () => ({ origins: ['https://claude.ai/*'], permissions: [] }),
      // Only Claude's host permission is granted.
      contains: async (p: { origins?: string[] }) => !!p.origins?.length && p.origins.every((o) => o.includes('claude.ai')),
    });
    Object.assign(fakeBrowser, {
      scripting: {
        getRegisteredContentScripts: async () => [],
        registerContentScripts: async () => void registered++,
        unregisterContentScripts: async () => undefined,
        updateContentScripts: async () => undefined,
      },
    });
  });

  it('registers its listeners synchronously, answers an extension page, and runs retention on its alarm', async () => {
    const db = getDb();
    const now = Date.now();
    await mergeConversations(db, [
      makeConversation('old', [['user', 'an old question']], { start: now - 400 * 86_400_000 }),
      makeConversation('new', [['user', 'a new question']], { start: now - 86_400_000 }),
    ]);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const result = background.main();
    expect(result).toBeUndefined(); // WXT: the background's main must not be async

    // The daily retention alarm.
    await until(async () => (await fakeBrowser.alarms.getAll()).some((a) => a.name === RETENTION_ALARM));
    expect((await fakeBrowser.alarms.get(RETENTION_ALARM))?.periodInMinutes).toBe(24 * 60);

    // An extension page's request is answered through the registered onMessage listener.
    const sender = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
    const [state] = (await fakeBrowser.runtime.onMessage.trigger({ coevo: 1, type: 'popup/state', payload: {} }, sender)) as unknown as {
      counts: { conversations: number };
    }[];
    expect(state?.counts.conversations).toBe(2);
    // Anything that is not a Coevo envelope is left to other listeners.
    expect(await fakeBrowser.runtime.onMessage.trigger({ hello: 'world' }, sender)).toEqual([undefined]);

    // Retention on its alarm, with the person's setting.
    await updateSettings(db, { retentionDays: 30 });
    await fakeBrowser.alarms.onAlarm.trigger({ name: RETENTION_ALARM, scheduledTime: now });
    await until(async () => (await db.conversations.count()) === 1);
    expect(await db.conversations.toCollection().primaryKeys()).toEqual(['chatgpt:new']);

    // Registrations follow the granted permissions at start, and again after a permission change.
    await until(async () => registered > 0);
    const before = registered;
    await permissions.onAdded.trigger({ origins: ['https://claude.ai/*'] });
    await until(async () => registered > before);
    warn.mockRestore();
  });
});
