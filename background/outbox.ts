/**
 * Drains snapshots that content scripts parked in extension storage because this service worker did not
 * answer in time (stopped, restarting, busy): see capture/outbox.ts.
 *
 * Trust: storage.local is open to every content script, so where a record sits proves nothing. A parked record
 * is accepted only when it opens with the sealing key of its own site (capture/seal.ts: a key handed only to
 * pages of that site), and only for snapshots of that site; then each snapshot goes through exactly the checks
 * and merge of a live one (`acceptSnapshot`; idempotent, so one that also arrived live changes nothing).
 * Anything else (unsealed, forged, sealed before a delete-all, another site's snapshot inside) is discarded.
 */
import browser from 'webextension-polyfill';
import { OUTBOX_KEY_PREFIX } from '../capture/outbox';
import { unseal, type SealedRecord } from '../capture/seal';
import type { CaptureSnapshot } from '../messaging/protocol';
import type { SiteId } from '../model/types';
import { isSiteId } from '../model/validate';

/** Stores one parked snapshot; true when stored or refused for good (invalid, site off), false to keep it. */
export type StoreParked = (s: CaptureSnapshot) => Promise<boolean>;

export interface KeyValue {
  get(): Promise<Record<string, unknown>>;
  remove(keys: string[]): Promise<void>;
}

const isSealed = (v: unknown): v is SealedRecord => {
  const r = v as SealedRecord | null;
  return typeof r === 'object' && r !== null && r.v === 2 && isSiteId(r.site) && typeof r.iv === 'string' && typeof r.data === 'string';
};

/**
 * Opens every parked record with its site's key (`keyOf`) and stores its snapshots. Returns how many were
 * stored or refused for good; records kept for a later try stay in place.
 */
export async function drainParkedSnapshots(
  store: StoreParked,
  kv: KeyValue,
  keyOf: (site: SiteId) => Promise<string>,
  log?: (m: string) => void,
): Promise<{ drained: number; discarded: number }> {
  const all = await kv.get();
  let drained = 0;
  let discarded = 0;
  for (const [key, value] of Object.entries(all)) {
    if (!key.startsWith(OUTBOX_KEY_PREFIX)) continue;
    let snapshots: unknown;
    try {
      if (!isSealed(value)) throw new Error('not a sealed record');
      snapshots = await unseal(await keyOf(value.site), value);
      if (!Array.isArray(snapshots) || !snapshots.every((s) => (s as CaptureSnapshot | null)?.site === value.site))
        throw new Error('holds snapshots of another site');
    } catch (e) {
      discarded++;
      log?.(`discarded a parked record that does not open with its site's key (${String((e as Error)?.message ?? e)})`);
      await kv.remove([key]);
      continue;
    }
    let keep = false;
    for (const s of snapshots as CaptureSnapshot[]) {
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
  return { drained, discarded };
}

export const browserKeyValue: KeyValue = {
  get: () => browser.storage.local.get(null) as Promise<Record<string, unknown>>,
  remove: (keys) => browser.storage.local.remove(keys),
};
