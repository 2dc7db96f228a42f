/** `switchSite`'s real dependencies (components/sites.ts): the browser's permissions and the background. */
import browser from 'webextension-polyfill';
import type { SiteId } from '../model/types';
import { send } from './send';
import type { SiteSwitchDeps } from './sites';

export { switchSite } from './sites';

export const siteSwitchDeps: SiteSwitchDeps = {
  request: (p) => browser.permissions.request(p),
  remove: (p) => browser.permissions.remove(p),
  updateSites: (sites) => send('settings/update', { sites: sites as Record<SiteId, boolean> }),
  sync: () => send('sites/sync', {}),
};
