/**
 * Which assistant site a tab is on, and the match patterns whose host permission the popup and the settings
 * ask for: both come from the site adapters (sites/registry.ts), the same list capture uses.
 */
import type { SiteId } from '../model/types';
import type { PopupState } from '../messaging/protocol';
import { adapterForUrl, SITES } from '../sites/registry';

/** Match patterns for a site's host permission (least privilege: exactly that site). */
export function siteMatches(site: SiteId): string[] {
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
