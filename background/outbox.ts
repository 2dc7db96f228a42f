/**
 * Drains snapshots that content scripts parked in extension storage because this service worker did not
 * answer in time (stopped, restarting, busy): see capture/outbox.ts. Each parked snapshot goes through the
 * same validation and merge as a live one (idempotent, so a snapshot that also arrives live changes
 * nothing), then its key is removed.
 */
import browser from 'webextension-polyfill';
import { OUTBOX_KEY_PREFIX, type PersistedOutbox } from '../capture/outbox';
import type { CaptureSnapshot } from '../messaging/protocol';

/** Stores one parked snapshot; true when stored or refused for good (invalid, site off), false to keep it. */
export type StoreParked = (s: CaptureSnapshot) => Promise<boolean>;

export interface KeyValue {
  get(): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

export async function drainParkedSnapshots(store: StoreParked, kv: KeyValue, log?: (m: string) => void): Promise<number> {
  const all = await kv.get();
  let drained = 0;
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(OUTBOX_KEY_PREFIX)) continue;
    const parked = value as PersistedOutbox | null;
    const snapshots = Array.isArray(parked?.snapshots) ? parked!.snapshots : [];
    let keep = false;
    for (const s of snapshots) {
      try {
        if (await store(s)) drained++;
        else keep = true;
      } catch (e) {
        keep = true;
        log?.(`parked snapshot not stored yet: ${String((e as Error)?.message ?? e)}`);
      }
    }
    if (!keep) await kv.remove([key]);
  }
  return drained;
}

export const browserKeyValue: KeyValue = {
  get: () => browser.storage.local.get(null) as Promise<Record<string, unknown>>,
  remove: (keys) => browser.storage.local.remove(keys),
};
