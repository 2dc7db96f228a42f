/**
 * The background analysis's progress (messaging/protocol.ts, AnalysisProgress) in plain words, and how the popup
 * and the dashboard follow it: they poll its one stored row (cheap: one key read) and refresh their figures when a
 * run ends. Pure functions here; the component is AnalysisProgress.tsx.
 */
import { ANALYSIS_PROGRESS_KEY, type AnalysisProgress } from '../messaging/protocol';
import type { CoevoDB } from '../storage/db';
import { formatNumber } from './format';
import { t } from './i18n';

/** A run that has not reported for this long was cut short (the worker stopped); it restarts on its own. */
const STALE_MS = 60_000;

export async function readProgress(db: CoevoDB): Promise<AnalysisProgress | undefined> {
  const row = await db.analysis.get(ANALYSIS_PROGRESS_KEY);
  return row?.value as AnalysisProgress | undefined;
}

/** True while a run is going on (and still reporting). */
export function isRunning(p: AnalysisProgress | undefined, now = Date.now()): p is AnalysisProgress {
  return !!p && p.running && now - p.updatedAt < STALE_MS;
}

/** "40 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(1, Math.round(seconds));
  if (s < 60) return t('durSeconds', s);
  const m = Math.round(s / 60);
  if (m < 60) return t('durMinutes', m);
  return t('durHours', Math.floor(m / 60), m % 60);
}

/** Percent done (0–100) of the whole run: reading ≈ the first 5 %, analysing up to 95 %, saving the rest. */
export function percent(p: AnalysisProgress): number {
  if (p.phase === 'reading') return 2;
  if (p.phase === 'saving') return 97;
  return p.total ? Math.round(5 + (90 * p.done) / p.total) : 5;
}

/** What is being done, how far, and the time left, in one line. */
export function progressText(p: AnalysisProgress): string {
  if (p.phase === 'reading') return t('analysisReading');
  if (p.phase === 'saving') return t('analysisSaving');
  const parts = [t('analysisCounting', formatNumber(p.done), formatNumber(p.total))];
  if (p.secondsLeft !== null) parts.push(t('analysisLeft', formatDuration(p.secondsLeft)));
  return parts.join(' · ');
}
