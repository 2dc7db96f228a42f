// Content-script registration follows granted ∩ switched-on sites; newly registered sites get their open tabs
// injected; pausing does not unregister (the script itself stays idle while paused).
import { describe, expect, it } from 'vitest';
import type { SiteId } from '../model/types';
import { SITES } from '../sites/registry';
import { CoevoDB } from '../storage/db';
import { updateSettings } from '../storage/settings';
import { CAPTURE_SCRIPT, syncContentScripts, type ScriptingLike } from './registration';

function fakeScripting() {
  const registered = new Map<string, { js: string[]; matches: string[] }>();
  const api: ScriptingLike = {
    getRegisteredContentScripts: async () => [...registered.keys()].map((id) => ({ id })),
    registerContentScripts: async (scripts) => {
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, { js: s.js, matches: s.matches });
      }
    },
    unregisterContentScripts: async ({ ids }) => {
      for (const id of ids) registered.delete(id);
    },
  };
  return { api, registered };
}

let n = 0;
async function setup(granted: SiteId[]) {
  const db = new CoevoDB(`registration-${n++}`);
  await db.open();
  const { api, registered } = fakeScripting();
  const injected: SiteId[] = [];
  const deps = { db, granted: async () => granted, scripting: api, injectIntoOpenTabs: async (s: SiteId) => void injected.push(s) };
  return { db, deps, registered, injected };
}

describe('syncContentScripts', () => {
  it('registers only granted sites, with their match patterns, and injects into their open tabs', async () => {
    const { deps, registered, injected } = await setup(['claude', 'chatgpt']);
    expect(await syncContentScripts(deps)).toEqual(['chatgpt', 'claude']);
    expect([...registered.keys()].sort()).toEqual(['coevo-capture-chatgpt', 'coevo-capture-claude']);
    expect(registered.get('coevo-capture-chatgpt')).toEqual({ js: [CAPTURE_SCRIPT], matches: SITES.chatgpt.matches });
    expect(injected.sort()).toEqual(['chatgpt', 'claude']);
  });

  it('is idempotent: a second sync registers and injects nothing new', async () => {
    const { deps, injected } = await setup(['claude']);
    await syncContentScripts(deps);
    await syncContentScripts(deps);
    expect(injected).toEqual(['claude']);
  });

  it('unregisters a site switched off, keeps sites while paused, and follows a revoked permission', async () => {
    const { db, deps, registered } = await setup(['claude', 'gemini']);
    await syncContentScripts(deps);
    await updateSettings(db, { sites: { gemini: false } as Record<SiteId, boolean>, paused: true });
    expect(await syncContentScripts(deps)).toEqual(['claude']);
    expect([...registered.keys()]).toEqual(['coevo-capture-claude']);
    deps.granted = async () => [];
    expect(await syncContentScripts(deps)).toEqual([]);
    expect(registered.size).toBe(0);
  });
});
