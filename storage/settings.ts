/**
 * Settings the person controls: which sites are captured, pause, retention. Stored in the main database's
 * `settings` table (not browser.storage) so that "export all data" and "delete all" see one place.
 */
import { SITE_IDS, type SiteId } from '../model/types';
import { CONFIDENCE_CHOICES, DEFAULT_MIN_CONFIDENCE } from '../model/tags';
import type { CoevoDB } from './db';

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
