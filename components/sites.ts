/**
 * Which assistant site a tab is on, and the match patterns whose host permission the popup and the settings
 * ask for: both come from the site adapters (sites/registry.ts), the same list capture uses.
 */
import type { SiteId } from '../model/types';
import { adapterForUrl, SITES } from '../sites/registry';

/** Match patterns for a site's host permission (least privilege: exactly that site). */
export function siteMatches(site: SiteId): string[] {
  return [...SITES[site].matches];
}

/** The supported site a URL belongs to, if any. */
export function siteForUrl(url: string | undefined): SiteId | undefined {
  return url ? adapterForUrl(url)?.id : undefined;
}
