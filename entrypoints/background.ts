/**
 * Background service worker: validates what content scripts send, stores it, answers the popup and the
 * dashboard. All logic lives in `background/` as plain functions; this file only wires browser events.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { createAnalysisRunner } from '../background/analysis';
import { startDonationOutbox } from '../background/donation-worker';
import { acceptSnapshot, handleMessage, type BackgroundDeps } from '../background/handlers';
import { siteKey } from '../capture/seal';
import { parkSecret } from '../storage/secrets';
import { browserKeyValue, drainParkedSnapshots } from '../background/outbox';
import { browserRegistrationDeps, grantedSites, syncContentScripts } from '../background/registration';
import { isEnvelope } from '../messaging/protocol';
import { getDb } from '../storage/db';
import { discardStale } from '../storage/staging';
import { RETENTION_ALARM, runRetention } from '../background/retention';
import { serialized } from '../background/serial';

export default defineBackground(() => {
  const log = (m: string) => console.warn(`[coevo] ${m}`);
  const db = getDb();
  const registration = browserRegistrationDeps(db, log);
  const analysis = createAnalysisRunner(db, log);
  // Serialized: a permission change and a 'sites/sync' arriving together must not register a script twice.
  const sync = serialized(() => syncContentScripts(registration));
  const deps: BackgroundDeps = {
    db,
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    grantedSites,
    syncContentScripts: sync,
    tabs: new Map(),
    parked: browserKeyValue,
    log,
    onStored: (ids) => void analysis.schedule(ids).catch((e) => log(`analysis queue failed: ${e}`)),
    analyseNow: async (ids) => {
      await analysis.schedule(ids);
      return analysis.run();
    },
    resummarize: () => analysis.resummarize(),
    onDeletedAll: () => analysis.reset(),
  };
  // Answer only Coevo's own envelopes; returning undefined lets other listeners (none today) answer.
  browser.runtime.onMessage.addListener((msg: unknown, sender: Runtime.MessageSender) => (isEnvelope(msg) ? handleMessage(msg, sender, deps) : undefined));
  browser.tabs.onRemoved.addListener((tabId) => deps.tabs.delete(tabId));
  browser.permissions.onAdded.addListener(() => void sync().catch((e) => log(`sync failed: ${e}`)));
  browser.permissions.onRemoved.addListener(() => void sync().catch((e) => log(`sync failed: ${e}`)));

  // Every start of the worker (install, browser start, wake-up after being stopped): registrations match
  // the permissions again, and snapshots parked by content scripts while the worker was down are stored.
  void sync().catch((e) => log(`sync failed: ${e}`));
  // Analysis queued before the worker stopped, or missing/outdated results (first run, version bump).
  void analysis.run().catch((e) => log(`analysis failed: ${e}`));

  // Retention ("keep N days" in Settings): checked at every start and daily (background/retention.ts).
  const retention = () => runRetention(db, () => analysis.run());
  void retention().catch((e) => log(`retention failed: ${e}`));
  // Rows staged by an import whose tab was closed mid-file (a day old: no import takes that long).
  void discardStale(db).catch((e) => log(`staging cleanup failed: ${e}`));
  void browser.alarms.create(RETENTION_ALARM, { periodInMinutes: 24 * 60 });
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === RETENTION_ALARM) void retention().catch((e) => log(`retention failed: ${e}`));
  });
  // Donations left in the outbox (the worker or the browser stopped mid-upload, the collector was down): sent on
  // start and on the outbox alarm. With nothing queued this makes no request.
  startDonationOutbox(db, log);
  // Sealed parked snapshots (background/outbox.ts): the same checks and merge as a live one.
  void drainParkedSnapshots(
    async (s) => {
      // Any answer is final (stored, or refused for good like a live snapshot); a throw keeps it parked.
      const r = await acceptSnapshot(s, deps);
      if (!r.ok) log(`parked snapshot refused: ${r.error}`);
      return true;
    },
    browserKeyValue,
    async (site) => siteKey(await parkSecret(db), site),
    log,
  ).catch((e) => log(`drain failed: ${e}`));
});
