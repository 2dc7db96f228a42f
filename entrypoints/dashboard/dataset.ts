/**
 * What the dashboard's overview reads, in two steps so it never waits for analysis or a message scan to render:
 *
 *  1. `loadQuick`: cheap reads only — the stored counts (the same queries the popup and Settings use, so the
 *     numbers agree everywhere), the analysis summary row, the activity cache when it still matches the store, and
 *     the notable moments through the tags' time index. Enough to render at once, whatever the store's size.
 *  2. `loadRest`: only when step 1 had no summary and no valid cache (before the first analysis finishes, or just
 *     after an import): every message counted per day and every tag loaded, then cached. The overview meanwhile
 *     shows what is stored and says the charts are being counted.
 */
import { activityFromSummary, ACTIVITY_KEY, computeActivity, fingerprint, loadSummaryRow, loadTags, type Activity } from '../../components/data';
import type { Period } from '../../components/format';
import { notableCandidate, pickNotable } from '../../components/notable';
import { shown, type Tag } from '../../model/tags';
import type { CoevoDB } from '../../storage/db';
import { getSettings } from '../../storage/settings';
import { asSummary } from './summary-charts';
import type { Summary } from '../../analysis/summary';
import { queued } from '../../storage/analysis';
import { isRunning, readProgress } from '../../components/analysis-progress';

export interface Dataset {
  activity: Activity;
  /** Set when the activity came from the summary at a coarser grain than days: charts must not go finer. */
  activityPeriod?: Period;
  /** Every tag: loaded up front only without a summary (the charts then need them); else on demand (Events). */
  tags: Tag[] | null;
  tagCount: number;
  /** The most confident of the latest tags, for "most notable moments". */
  notable: Tag[];
  summary: { value: unknown; updatedAt: number } | undefined;
  conversations: number;
  /** Every stored message (all branches), the count the popup and the import show too. */
  messages: number;
  /** True while the charts' figures are still being counted (step 2 running); counts and moments are final. */
  partial?: boolean;
}

const NOTABLE_FROM = 300;

/** Step 1: renders at once (no message scan, no full tag load). */
export async function loadQuick(db: CoevoDB): Promise<Dataset> {
  const { minConfidence } = await getSettings(db);
  // Tags the person said are wrong are never "notable".
  const disputed = new Set(await db.verdicts.where('verdict').equals('no').primaryKeys());
  const [summary, conversations, messages, tagCount, recent] = await Promise.all([
    loadSummaryRow(db),
    db.conversations.count(),
    db.messages.count(),
    db.tags.filter((t) => shown(t, minConfidence)).count(),
    db.tags.orderBy('time').reverse().filter((t) => shown(t, minConfidence) && notableCandidate(t, disputed)).limit(NOTABLE_FROM).toArray(),
  ]);
  const notable = pickNotable(recent, 3, { disputed });
  const base = { tagCount, notable, summary, conversations, messages };
  // The background's summary already counts messages per period and site, and tags per period and type:
  // with it, the overview touches neither the messages nor the full tag list.
  const parsed = asSummary(summary?.value);
  const fromSummary = activityFromSummary(parsed);
  if (fromSummary && !(await summaryBehind(db, parsed!, messages))) {
    const g = fromSummary.granularity;
    return { ...base, activity: fromSummary.activity, activityPeriod: g === 'day' ? undefined : g, tags: null };
  }
  // No summary, or one the analysis is still catching up with (an import): the activity chart is counted from the
  // messages themselves (cached); the other charts show the summary there is until the analysis ends.
  const [fp, cached] = await Promise.all([fingerprint(db), db.analysis.get(ACTIVITY_KEY)]);
  const value = cached?.value as { fingerprint?: string; activity?: Activity } | undefined;
  const activity = value?.fingerprint === fp && value.activity ? value.activity : undefined;
  // Without a summary the influence chart needs the tags (bounded by what analysis wrote: far fewer than messages).
  if (activity) return { ...base, activity, tags: parsed ? null : await loadTags(db) };
  return { ...base, activity: { days: {}, undated: 0, total: messages, first: null, last: null }, tags: null, partial: true };
}

/**
 * True when the stored summary does not describe the stored messages yet: conversations are queued for analysis or
 * a run is going on (an import just stored thousands), or it counts no message while some are stored (the summary
 * of the empty store a first start writes).
 */
async function summaryBehind(db: CoevoDB, s: Summary, messages: number): Promise<boolean> {
  if (messages > 0 && s.totals.userMessages + s.totals.assistantMessages === 0) return true;
  const [waiting, progress] = await Promise.all([queued(db), readProgress(db)]);
  return waiting.length > 0 || isRunning(progress);
}

/** Step 2 (only after a partial step 1): counts every message per day (then cached) and loads every tag. */
export async function loadRest(db: CoevoDB, quick: Dataset): Promise<Dataset> {
  const fp = await fingerprint(db);
  const [activity, tags] = await Promise.all([computeActivity(db), asSummary(quick.summary?.value) ? null : loadTags(db)]);
  // A cache write that fails (quota, a read-only moment during delete-all) must not break the view.
  await db.analysis.put({ key: ACTIVITY_KEY, version: 1, updatedAt: Date.now(), value: { fingerprint: fp, activity } }).catch(() => undefined);
  return { ...quick, activity, tags, partial: false };
}
