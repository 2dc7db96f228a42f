/**
 * Which assistant site a tab is on, and the match patterns whose host permission the popup and the settings
 * ask for: both come from the site adapters (sites/registry.ts), the same list capture uses.
 */
import type { SiteId } from '../model/types';
import type { PopupState } from '../messaging/protocol';
import { adapterForUrl, SITES } from '../sites/registry';

/** Match patterns for a site's host permission (least privilege: exactly that site). */
function siteMatches(site: SiteId): string[] {
  return [...SITES[site].matches];
}

/** The supported site a URL belongs to, if any. */
export function siteForUrl(url: string | undefined): SiteId | undefined {
  return url ? adapterForUrl(url)?.id : undefined;
}

/**
 * The site of the open tab when it is supported but not captured, because its switch is off or its permission not
 * granted: the popup then offers the one step that starts capture there ("This is ChatGPT — capture it?").
 * Nothing is offered while capture is paused (pause wins) or on a page that is no supported site.
 */
export function siteToOffer(state: Pick<PopupState, 'settings' | 'granted'>, tabSite: SiteId | undefined): SiteId | undefined {
  if (!tabSite || state.settings.paused) return undefined;
  return state.settings.sites[tabSite] && state.granted.includes(tabSite) ? undefined : tabSite;
}

/** What switching a site needs from the browser and the background (real ones in the popup and settings). */
export interface SiteSwitchDeps {
  request(p: { origins: string[] }): Promise<boolean>;
  remove(p: { origins: string[] }): Promise<boolean>;
  updateSites(sites: Partial<Record<SiteId, boolean>>): Promise<unknown>;
  sync(): Promise<unknown>;
}

/**
 * Switches capture of one site on or off, the one way the popup and the settings do it. On: the host permission
 * is asked for first — `permissions.request` must be the first await after the click, it needs the user gesture —
 * and a refusal changes nothing. Off: the switch first, then the permission is given back. Either way the
 * content-script registrations are synced after.
 */
export async function switchSite(site: SiteId, on: boolean, deps: SiteSwitchDeps): Promise<'done' | 'denied'> {
  if (on && !(await deps.request({ origins: siteMatches(site) }))) return 'denied';
  await deps.updateSites({ [site]: on });
  if (!on) await deps.remove({ origins: siteMatches(site) }).catch(() => false);
  await deps.sync();
  return 'done';
}
