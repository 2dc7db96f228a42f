/** What the popup says about the open tab: is it a supported site, and is it being captured (and if not, why). */
import type { PopupState } from '../../messaging/protocol';
import { SITE_NAMES, type SiteId } from '../../model/types';
import { t } from '../../components/i18n';

export interface TabStatus {
  text: string;
  /** Capture is (or will be, on the next conversation) on for this tab. */
  on: boolean;
  reason: 'unsupported' | 'paused' | 'site-off' | 'no-permission' | 'capturing' | 'ready';
}

/** Pause wins over a site's switch, the switch over its permission; then capturing now, or ready for the next page. */
export function tabStatus(state: Pick<PopupState, 'settings' | 'granted' | 'tab'>, tabSite: SiteId | undefined): TabStatus {
  if (!tabSite) return { text: t('tabUnsupported'), on: false, reason: 'unsupported' };
  const name = SITE_NAMES[tabSite];
  if (state.settings.paused) return { text: t('tabPaused', name), on: false, reason: 'paused' };
  if (!state.settings.sites[tabSite]) return { text: t('tabSiteOff', name), on: false, reason: 'site-off' };
  if (!state.granted.includes(tabSite)) return { text: t('tabNoPermission', name), on: false, reason: 'no-permission' };
  if (state.tab?.capturing) return { text: t('tabCapturing', name), on: true, reason: 'capturing' };
  return { text: t('tabReady', name), on: true, reason: 'ready' };
}
