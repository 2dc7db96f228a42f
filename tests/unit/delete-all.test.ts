// Delete all deletes every place Coevo keeps the person's data. The list of places is explicit here; a new
// table in the database fails this test until it is classified (data, deleted; or settings, kept).
import { describe, expect, it, vi } from 'vitest';
import { deleteEverywhere, handleMessage, type BackgroundDeps } from '../../background/handlers';
import { OUTBOX_KEY_PREFIX } from '../../capture/outbox';
import { envelope } from '../../messaging/protocol';
import { CoevoDB } from '../../storage/db';
import { PARK_SECRET_KEY, parkSecret } from '../../storage/secrets';
import { updateSettings } from '../../storage/settings';

/** Every place Coevo keeps something, and whether delete-all empties it. */
const PLACES = {
  'IndexedDB coevo.conversations': 'deleted',
  'IndexedDB coevo.messages': 'deleted',
  'IndexedDB coevo.tags': 'deleted',
  'IndexedDB coevo.analysis (summaries, incremental state)': 'deleted',
  'IndexedDB coevo.staging (imports being read)': 'deleted',
  'IndexedDB coevo.verdicts (your answers to "is this right?")': 'deleted',
  'IndexedDB coevo.settings (switches, pause, retention, confidence)': 'kept',
  'IndexedDB coevo.meta (how many conversations and messages, per site)': 'zeroed',
  'IndexedDB coevo.settings secret:park': 'replaced',
  // Kept on purpose: a donation's withdrawal secret is the only way to delete it at the study's collector; the person
  // forgets donations (and leaves studies) in the Donate view.
  'IndexedDB coevo.studies (joined studies, consent records)': 'kept',
  'IndexedDB coevo.donations (encrypted donations, receipts, withdrawal secrets)': 'kept',
  'storage.local coevo-outbox:* (parked snapshots)': 'deleted',
  'background memory: per-tab state': 'deleted',
  'background memory: analysis runner state': 'deleted',
} as const;
const TABLE_PLACES: Record<string, keyof typeof PLACES> = {
  conversations: 'IndexedDB coevo.conversations',
  messages: 'IndexedDB coevo.messages',
  tags: 'IndexedDB coevo.tags',
  analysis: 'IndexedDB coevo.analysis (summaries, incremental state)',
  staging: 'IndexedDB coevo.staging (imports being read)',
  verdicts: 'IndexedDB coevo.verdicts (your answers to "is this right?")',
  settings: 'IndexedDB coevo.settings (switches, pause, retention, confidence)',
  meta: 'IndexedDB coevo.meta (how many conversations and messages, per site)',
  studies: 'IndexedDB coevo.studies (joined studies, consent records)',
  donations: 'IndexedDB coevo.donations (encrypted donations, receipts, withdrawal secrets)',
};

describe('delete all', () => {
  it('knows every table of the database', () => {
    const db = new CoevoDB('delete-all-tables');
    expect(db.tables.map((t) => t.name).sort()).toEqual(Object.keys(TABLE_PLACES).sort());
  });

  it('empties every place that holds data, keeps settings, replaces the parking secret', async () => {
    const db = new CoevoDB('delete-all');
    await db.open();
    const local = new Map<string, unknown>([
      [`${OUTBOX_KEY_PREFIX}claude:1`, { v: 2, site: 'claude', savedAt: 1, iv: 'x', data: 'y' }],
      [`${OUTBOX_KEY_PREFIX}legacy`, { savedAt: 1, snapshots: [] }],
    ]);
    const deps: BackgroundDeps = {
      db,
      extensionId: 'id',
      extensionOrigin: 'chrome-extension://id/',
      grantedSites: async () => [],
      syncContentScripts: async () => [],
      tabs: new Map([[3, { site: 'claude', capturing: true, conversationId: 'claude:a' }]]),
      parked: { get: async () => Object.fromEntries(local), remove: async (ks) => ks.forEach((k) => local.delete(k)) },
      onDeletedAll: vi.fn(),
    };
    await updateSettings(db, { retentionDays: 30 });
    const secret = await parkSecret(db);
    await db.conversations.put({ id: 'claude:a', site: 'claude', siteConversationId: 'a', source: 'capture', createdAt: 1, updatedAt: 1 } as never);
    await db.messages.put({ id: 'm', conversationId: 'claude:a', role: 'user', text: 'hi', time: 1, timeSource: 'observed', current: true, index: 0 } as never);
    await db.tags.put({ id: 't', type: 'user-pushback', conversationId: 'claude:a', messages: [], time: 1 } as never);
    await db.analysis.put({ key: 'summary', version: 1, updatedAt: 1, value: {} });
    await db.verdicts.put({ tagId: 't', verdict: 'yes', tagType: 'user-pushback', conversationId: 'claude:a', at: 1 } as never);
    await db.staging.add({ importId: 'i', createdAt: 1, conversation: {} as never });
    await db.studies.put({ id: 's' } as never);
    await db.donations.put({ id: 'd', studyId: 's', status: 'sent', createdAt: 1 } as never);
    for (const t of db.tables) expect(await t.count(), t.name).toBeGreaterThan(0);

    const r = await handleMessage(envelope('data/delete-all', { confirm: 'delete-all' }), { id: 'id', url: 'chrome-extension://id/dashboard.html' }, deps);
    expect(r).toEqual({ ok: true });

    const seen: Record<string, string> = {};
    for (const t of db.tables) {
      const place = TABLE_PLACES[t.name]!;
      const left = t.name === 'settings' ? await t.where('key').noneOf([PARK_SECRET_KEY]).count() : await t.count();
      seen[place] = left ? 'kept' : 'deleted';
      if (t.name === 'meta')
        seen[place] = JSON.stringify(await t.toArray()) === JSON.stringify([{ key: 'counts', conversations: 0, messages: 0, bySite: {} }]) ? 'zeroed' : 'kept';
    }
    seen['IndexedDB coevo.settings secret:park'] = (await parkSecret(db)) !== secret ? 'replaced' : 'kept';
    seen['storage.local coevo-outbox:* (parked snapshots)'] = local.size ? 'kept' : 'deleted';
    seen['background memory: per-tab state'] = deps.tabs.size ? 'kept' : 'deleted';
    seen['background memory: analysis runner state'] = vi.mocked(deps.onDeletedAll!).mock.calls.length ? 'deleted' : 'kept';
    expect(seen).toEqual(PLACES);
  });

  it('deleteEverywhere works without a parked store (tests, other contexts)', async () => {
    const db = new CoevoDB('delete-all-2');
    await deleteEverywhere({ db, extensionId: 'id', extensionOrigin: '', grantedSites: async () => [], syncContentScripts: async () => [], tabs: new Map() });
    expect(await db.conversations.count()).toBe(0);
  });
});
