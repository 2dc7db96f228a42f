/**
 * Which sites Coevo may read, and the content-script registration that follows from it.
 *
 * Least privilege: the manifest declares each site's match patterns only as optional host permissions and
 * the capture content script has no manifest `matches`. A site's script is registered (scripting API) only
 * while its host permission is granted and its switch is on, and is injected into that site's already-open
 * tabs when it is newly registered, so turning a site on works without reloading the page.
 */
import browser from 'webextension-polyfill';
import { SITE_IDS, type SiteId } from '../model/types';
import { SITES } from '../sites/registry';
import type { CoevoDB } from '../storage/db';
import { getSettings } from '../storage/settings';

/** The built content script (WXT output path of the unlisted script entrypoints/capture.ts). */
export const CAPTURE_SCRIPT = 'capture.js';
const SCRIPT_ID_PREFIX = 'coevo-capture-';

export async function grantedSites(): Promise<SiteId[]> {
  // permissions.contains, not getAll: browsers normalize a granted pattern's path (HuggingChat's
  // `https://huggingface.co/chat/*` is listed as `https://huggingface.co/*` by Chromium).
  const granted = await Promise.all(SITE_IDS.map((id) => browser.permissions.contains({ origins: SITES[id].matches })));
  return SITE_IDS.filter((_, i) => granted[i]);
}

/** The minimal scripting surface used here, so tests can pass a fake. */
export interface ScriptingLike {
  getRegisteredContentScripts(): Promise<{ id: string }[]>;
  registerContentScripts(scripts: { id: string; js: string[]; matches: string[]; runAt: 'document_idle'; persistAcrossSessions: boolean }[]): Promise<void>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
}

export interface RegistrationDeps {
  db: CoevoDB;
  granted(): Promise<SiteId[]>;
  scripting: ScriptingLike;
  /** Injects the capture script into open tabs of a newly registered site. */
  injectIntoOpenTabs(site: SiteId): Promise<void>;
  log?(msg: string): void;
}

/**
 * Makes the registered content scripts equal the granted ∩ switched-on sites. Pausing does not unregister
 * (the script asks the background on load and on navigation and stays idle while paused).
 * Returns the sites registered afterwards.
 */
export async function syncContentScripts(d: RegistrationDeps): Promise<SiteId[]> {
  const [settings, granted, registered] = await Promise.all([getSettings(d.db), d.granted(), d.scripting.getRegisteredContentScripts()]);
  const want = new Set(granted.filter((s) => settings.sites[s]));
  const have = new Set(
    registered
      .map((r) => r.id)
      .filter((id) => id.startsWith(SCRIPT_ID_PREFIX))
      .map((id) => id.slice(SCRIPT_ID_PREFIX.length)),
  );
  const remove = [...have].filter((s) => !want.has(s as SiteId));
  const add = [...want].filter((s) => !have.has(s));
  if (remove.length) await d.scripting.unregisterContentScripts({ ids: remove.map((s) => SCRIPT_ID_PREFIX + s) });
  if (add.length) {
    await d.scripting.registerContentScripts(
      add.map((s) => ({ id: SCRIPT_ID_PREFIX + s, js: [CAPTURE_SCRIPT], matches: SITES[s].matches, runAt: 'document_idle', persistAcrossSessions: true })),
    );
    for (const s of add) await d.injectIntoOpenTabs(s).catch((e) => d.log?.(`could not inject into open ${s} tabs: ${String(e?.message ?? e)}`));
  }
  return SITE_IDS.filter((s) => want.has(s));
}

/** Browser-backed dependencies for the service worker. */
export function browserRegistrationDeps(db: CoevoDB, log?: (m: string) => void): RegistrationDeps {
  return {
    db,
    log,
    granted: grantedSites,
    scripting: browser.scripting as unknown as ScriptingLike,
    async injectIntoOpenTabs(site) {
      const tabs = await browser.tabs.query({ url: SITES[site].matches });
      await Promise.all(
        tabs
          .filter((t) => t.id !== undefined)
          .map((t) => browser.scripting.executeScript({ target: { tabId: t.id! }, files: [CAPTURE_SCRIPT] }).catch(() => undefined)),
      );
    },
  };
}
