/**
 * What the dashboard's overview reads, in two steps so it never waits for analysis or a message scan to render:
 *
 *  1. `loadQuick`: cheap reads only — the stored counts (the same queries the popup and Settings use, so the
 *     numbers agree everywhere), the analysis summary row, the activity cache when it still matches the store, and
 *     the notable moments through the tags' time index. Enough to render at once, whatever the store's size.
 *  2. `loadRest`: only when step 1 had no summary (before the first analysis finishes, or just after an import):
 *     every tag loaded for the influence chart, and, without a valid cache, every message counted per day (then
 *     cached). The overview meanwhile shows what is stored and says the charts are being counted.
 */
import { activityFromSummary, ACTIVITY_KEY, computeActivity, fingerprint, loadSummaryRow, loadTags, type Activity } from '../../components/data';
import type { Period } from '../../components/format';
import { notableCandidate, pickNotable } from '../../components/notable';
import { shown, type Tag } from '../../model/tags';
import type { CoevoDB } from '../../storage/db';
import { getSettings } from '../../storage/settings';
import { asSummary } from './summary-charts';
import { queued } from '../../storage/analysis';
import { counts, shownTagCount } from '../../storage/queries';
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
  /** True while the activity chart's figures are still being counted (step 2 running); counts and moments are final. */
  partial?: boolean;
  /** True while every tag is still being read for the charts that need them (no summary yet; step 2 running). */
  tagsPending?: boolean;
}

const NOTABLE_FROM = 300;

/** Step 1: renders at once (no message scan, no full tag load). */
export async function loadQuick(db: CoevoDB): Promise<Dataset> {
  // Everything independent in one round; the tag reads need the confidence setting and the verdicts.
  const tagReads = (async () => {
    const [{ minConfidence }, disputedIds] = await Promise.all([getSettings(db), db.verdicts.where('verdict').equals('no').primaryKeys()]);
    // Tags the person said are wrong are never "notable".
    const disputed = new Set(disputedIds);
    const [tagCount, recent] = await Promise.all([
      shownTagCount(db, minConfidence),
      db.tags
        .orderBy('time')
        .reverse()
        .filter((t) => shown(t, minConfidence) && notableCandidate(t, disputed))
        .limit(NOTABLE_FROM)
        .toArray(),
    ]);
    return { tagCount, recent, disputed };
  })();
  const [summary, { conversations, messages }, waiting, progress, { tagCount, recent, disputed }] = await Promise.all([
    loadSummaryRow(db),
    counts(db),
    queued(db),
    readProgress(db),
    tagReads,
  ]);
  const notable = pickNotable(recent, 3, { disputed });
  const base = { tagCount, notable, summary, conversations, messages };
  // The background's summary already counts messages per period and site, and tags per period and type:
  // with it, the overview touches neither the messages nor the full tag list.
  const parsed = asSummary(summary?.value);
  const fromSummary = activityFromSummary(parsed);
  // A summary the analysis has not caught up with: conversations queued or a run going on (an import just stored
  // thousands), or one that counts no message while some are stored (the empty store's, written at first start).
  const behind = waiting.length > 0 || isRunning(progress) || (messages > 0 && !!parsed && parsed.totals.userMessages + parsed.totals.assistantMessages === 0);
  if (fromSummary && !behind) {
    const g = fromSummary.granularity;
    return { ...base, activity: fromSummary.activity, activityPeriod: g === 'day' ? undefined : g, tags: null };
  }
  // No summary, or one the analysis is still catching up with (an import): the activity chart is counted from the
  // messages themselves (cached); the other charts show the summary there is until the analysis ends. Without a
  // summary the influence chart needs every tag: read in step 2, so the first render waits for neither.
  const [fp, cached] = await Promise.all([fingerprint(db, messages), db.analysis.get(ACTIVITY_KEY)]);
  const value = cached?.value as { fingerprint?: string; activity?: Activity } | undefined;
  const activity = value?.fingerprint === fp && value.activity ? value.activity : undefined;
  const tagsPending = !parsed;
  if (activity) return { ...base, activity, tags: null, tagsPending };
  return { ...base, activity: { days: {}, undated: 0, total: messages, first: null, last: null }, tags: null, partial: true, tagsPending };
}

/** Step 2 (only after step 1 left something out): counts every message per day (then cached) and/or loads every tag. */
export async function loadRest(db: CoevoDB, quick: Dataset): Promise<Dataset> {
  const countActivity = async () => {
    const fp = await fingerprint(db, quick.messages);
    const activity = await computeActivity(db);
    // A cache write that fails (quota, a read-only moment during delete-all) must not break the view.
    await db.analysis.put({ key: ACTIVITY_KEY, version: 1, updatedAt: Date.now(), value: { fingerprint: fp, activity } }).catch(() => undefined);
    return activity;
  };
  const [activity, tags] = await Promise.all([quick.partial ? countActivity() : quick.activity, quick.tagsPending ? loadTags(db) : quick.tags]);
  return { ...quick, activity, tags, partial: false, tagsPending: false };
}
