/**
 * Wires the donation outbox into the service worker: send what is due at every start of the worker and whenever the
 * outbox alarm fires (the alarm is set by whoever last touched the outbox, for its next due time).
 */
import browser from 'webextension-polyfill';
import type { CoevoDB } from '../storage/db';
import { OUTBOX_ALARM, processOutbox, type OutboxDeps } from './donation';

export function startDonationOutbox(db: CoevoDB, log: (m: string) => void): void {
  const deps: OutboxDeps = {
    db,
    fetch: (u, i) => fetch(u, i),
    log,
    schedule: async (when) => {
      if (when == null) await browser.alarms.clear(OUTBOX_ALARM);
      else await browser.alarms.create(OUTBOX_ALARM, { when: Math.max(when, Date.now() + 1_000) });
    },
  };
  const run = () => void processOutbox(deps).catch((e) => log(`donation outbox failed: ${e}`));
  browser.alarms.onAlarm.addListener((a) => {
    if (a.name === OUTBOX_ALARM) run();
  });
  run();
}
