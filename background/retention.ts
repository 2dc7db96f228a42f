/**
 * The background's retention run ("keep N days" in Settings), at every start of the worker and daily: deletes
 * what the rule says (storage/retention.ts), and since deleted history invalidates the incremental analysis
 * state, drops that state and re-runs the analysis on what is left.
 */
import type { CoevoDB } from '../storage/db';
import { applyRetention } from '../storage/retention';
import { getSettings } from '../storage/settings';

export const RETENTION_ALARM = 'coevo-retention';

export async function runRetention(db: CoevoDB, analyse: () => Promise<unknown>, now = Date.now()): Promise<string[]> {
  const { deleted } = await applyRetention(db, (await getSettings(db)).retentionDays, now);
  if (deleted.length) {
    await db.analysis.delete('state');
    await analyse();
  }
  return deleted;
}
