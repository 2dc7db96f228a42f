/**
 * The background's secret for sealing parked snapshots (capture/seal.ts). It lives in the extension's own
 * IndexedDB (the `settings` table, key `secret:park`), which no content script can reach, and is left out of
 * "export all data" (entrypoints/dashboard/exportData.ts). Delete-all replaces it, so anything parked before
 * can no longer be opened.
 */
import { newSecret } from '../capture/seal';
import type { CoevoDB } from './db';

export const PARK_SECRET_KEY = 'secret:park';

/** True for settings rows that are secrets (never exported). */
export const isSecretKey = (key: string) => key.startsWith('secret:');

export async function parkSecret(db: CoevoDB): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const row = await db.settings.get(PARK_SECRET_KEY);
    if (typeof row?.value === 'string') return row.value;
    const value = newSecret();
    await db.settings.put({ key: PARK_SECRET_KEY, value });
    return value;
  });
}

export async function rotateParkSecret(db: CoevoDB): Promise<void> {
  await db.settings.put({ key: PARK_SECRET_KEY, value: newSecret() });
}
