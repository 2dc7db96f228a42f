/**
 * Settings the person controls: which sites are captured, pause, retention. Stored in the main database's
 * `settings` table (not browser.storage) so that "export all data" and "delete all" see one place.
 */
import { SITE_IDS, type SiteId } from '../model/types';
import { CONFIDENCE_CHOICES, DEFAULT_MIN_CONFIDENCE } from '../model/tags';
import type { CoevoDB } from './db';
import { TERMS_KEY } from './donations';

export interface Settings {
  /** Capture paused everywhere. */
  paused: boolean;
  /** Per-site switch. A site also needs its host permission granted to be captured. */
  sites: Record<SiteId, boolean>;
  /** Delete conversations older than this many days (0 = keep forever). */
  retentionDays: number;
  /** Conversational-act tags are shown from this calibrated probability up (one of CONFIDENCE_CHOICES). */
  minConfidence: number;
}

export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  sites: Object.fromEntries(SITE_IDS.map((s) => [s, true])) as Record<SiteId, boolean>,
  retentionDays: 0,
  minConfidence: DEFAULT_MIN_CONFIDENCE,
};

export const isConfidenceChoice = (x: unknown): x is number => (CONFIDENCE_CHOICES as readonly unknown[]).includes(x);

export async function getSettings(db: CoevoDB): Promise<Settings> {
  const rows = await db.settings.bulkGet(['paused', 'sites', 'retentionDays', 'minConfidence']);
  const [paused, sites, retention, minConfidence] = rows.map((r) => r?.value);
  return {
    paused: typeof paused === 'boolean' ? paused : DEFAULT_SETTINGS.paused,
    sites: { ...DEFAULT_SETTINGS.sites, ...(typeof sites === 'object' && sites ? (sites as Partial<Record<SiteId, boolean>>) : {}) },
    retentionDays: typeof retention === 'number' && retention >= 0 ? retention : DEFAULT_SETTINGS.retentionDays,
    minConfidence: isConfidenceChoice(minConfidence) ? minConfidence : DEFAULT_SETTINGS.minConfidence,
  };
}

/**
 * Which settings a backup ("export all data", read back by importers/coevo.ts) restores, and why:
 * - `minConfidence` decides which moments are shown and counted: without it the re-run analysis of the
 *   restored history would show a different set of claims than the one backed up.
 * - `retentionDays` is the person's rule for how long their chats may be kept; a restore that dropped it would
 *   keep history longer than they asked. (Restoring history older than the rule is warned about before it is
 *   stored: components/import/runImport.ts.)
 * - `donation.terms` (storage/donations.ts) are the person's own words to redact from donations; a restored
 *   history without them would be donated with their name in it.
 * Not restored: `paused` and `sites` say what this browser captures now, and a site's switch goes with a host
 * permission granted in this browser, so consent to capture is given where the capture happens, not carried in
 * a file; `secret:*` never leaves the profile (not exported); anything else (UI state, the classroom sample's
 * seed) is not the person's data.
 */
const RESTORED_SETTING_KEYS = ['minConfidence', 'retentionDays', TERMS_KEY] as const;

/**
 * Applies a backup's settings rows: only RESTORED_SETTING_KEYS, and only values the settings accept
 * (anything else is ignored). Returns the keys that were applied.
 */
export async function restoreSettings(db: CoevoDB, rows: readonly { key: string; value: unknown }[]): Promise<string[]> {
  const valid: Record<(typeof RESTORED_SETTING_KEYS)[number], (v: unknown) => boolean> = {
    minConfidence: isConfidenceChoice,
    retentionDays: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
    [TERMS_KEY]: (v) => Array.isArray(v) && v.every((t) => typeof t === 'string'),
  };
  const apply = rows.filter(
    (r): r is { key: (typeof RESTORED_SETTING_KEYS)[number]; value: unknown } =>
      (RESTORED_SETTING_KEYS as readonly string[]).includes(r.key) && valid[r.key as (typeof RESTORED_SETTING_KEYS)[number]](r.value),
  );
  if (apply.length) await db.settings.bulkPut(apply.map((r) => ({ key: r.key, value: r.value })));
  return apply.map((r) => r.key);
}

export async function updateSettings(db: CoevoDB, patch: Partial<Settings>): Promise<Settings> {
  const current = await getSettings(db);
  const next: Settings = { ...current, ...patch, sites: { ...current.sites, ...(patch.sites ?? {}) } };
  await db.settings.bulkPut([
    { key: 'paused', value: next.paused },
    { key: 'sites', value: next.sites },
    { key: 'retentionDays', value: next.retentionDays },
    { key: 'minConfidence', value: next.minConfidence },
  ]);
  return next;
}
