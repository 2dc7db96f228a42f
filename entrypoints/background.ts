/**
 * Background service worker: validates what content scripts send, stores it, answers the popup and the
 * dashboard. All logic lives in `background/` as plain functions; this file only wires browser events.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { handleMessage, type BackgroundDeps } from '../background/handlers';
import { isEnvelope } from '../messaging/protocol';
import { getDb } from '../storage/db';

export default defineBackground(() => {
  const deps: BackgroundDeps = {
    db: getDb(),
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    grantedSites: async () => [],
    syncContentScripts: async () => [],
    tabs: new Map(),
    log: (m) => console.warn(`[coevo] ${m}`),
  };
  // Answer only Coevo's own envelopes; returning undefined lets other listeners (none today) answer.
  browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => (isEnvelope(msg) ? handleMessage(msg, sender, deps) : undefined));
  browser.tabs.onRemoved.addListener((tabId) => deps.tabs.delete(tabId));
});
