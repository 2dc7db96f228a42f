/**
 * Runs the analysis in the background and stores its results for the popup and the dashboard.
 *
 * New captures queue their conversation (the queue is stored, so a service worker stopped mid-way loses
 * nothing); a short debounce later the queued conversations are fed to the incremental engine: their own
 * conversation tags are replaced, the history tags and the summaries recomputed from the compact history
 * state. A missing or outdated state (first run, ANALYSIS_VERSION bump, an edited earlier message, history
 * imported out of order) rebuilds everything from the store, in one pass.
 */
import {
  allTags,
  analyzeConversation,
  buildHistoryStateWithProgress,
  historyTags,
  loadHistoryState,
  saveHistoryState,
  type SavedHistoryState,
} from '../analysis/engine';
import type { HistoryState } from '../analysis/history-state';
import { CONVERSATION_TAGGERS, HISTORY_TAGGERS } from '../analysis/registry';
import { summarize } from '../analysis/summary';
import { ANALYSIS_VERSION } from '../analysis/version';
import { shown, type Tag, type TagType } from '../model/tags';
import { getSettings } from '../storage/settings';
import { dequeue, enqueue, getAnalysisValue, putAnalysisValue, queued, replaceConversationTags, replaceTagsOfTypes } from '../storage/analysis';
import type { CoevoDB } from '../storage/db';
import { loadAll, loadConversation } from '../storage/queries';
import { ANALYSIS_PROGRESS_KEY as PROGRESS_KEY, type AnalysisProgress } from '../messaging/protocol';

const STATE = 'state';
/** The stored summary the popup and dashboard read (components/data.ts), per month like the sample data's. */
export const SUMMARY_KEY = 'summary';

/** Reports progress to the store, throttled (the final and phase-changing reports always go through). */
export class ProgressReporter {
  private last = 0;
  private phaseStart = 0;
  private p: AnalysisProgress;
  constructor(
    private db: CoevoDB,
    rebuild: boolean,
    private minIntervalMs = 250,
    private now: () => number = Date.now,
  ) {
    const t = now();
    this.phaseStart = t;
    this.p = { running: true, phase: 'reading', done: 0, total: 0, startedAt: t, updatedAt: t, secondsLeft: null, rebuild };
  }
  get value(): AnalysisProgress {
    return this.p;
  }
  async report(phase: AnalysisProgress['phase'], done: number, total: number): Promise<void> {
    const t = this.now();
    const changed = phase !== this.p.phase;
    if (changed) this.phaseStart = t;
    // Time left from this phase's pace (the analysing phase is nearly all of a run's time).
    const elapsed = (t - this.phaseStart) / 1000;
    const secondsLeft =
      phase !== 'analysing' ? null : done > 0 && elapsed >= 0.5 ? Math.round((elapsed / done) * (total - done)) : changed ? null : this.p.secondsLeft;
    this.p = { ...this.p, phase, done, total, updatedAt: t, secondsLeft };
    if (!changed && done !== total && t - this.last < this.minIntervalMs) return;
    this.last = t;
    await putAnalysisValue(this.db, PROGRESS_KEY, 0, this.p).catch(() => undefined);
  }
  async finish(): Promise<void> {
    const t = this.now();
    this.p = { ...this.p, running: false, done: this.p.total, updatedAt: t, secondsLeft: 0 };
    await putAnalysisValue(this.db, PROGRESS_KEY, 0, this.p).catch(() => undefined);
  }
}

/**
 * Above this many queued conversations (or a quarter of those already analysed), one rebuild is cheaper than
 * feeding them one by one (each a store round trip); an imported history is usually older than what was
 * captured, which forces a rebuild anyway.
 */
const REBUILD_ABOVE = 200;

const CONVERSATION_TYPES: TagType[] = [...new Set(Object.values(CONVERSATION_TAGGERS).flatMap((t) => [...t.types]))];
const HISTORY_TYPES: TagType[] = [...new Set(Object.values(HISTORY_TAGGERS).flatMap((t) => [...t.types]))];

async function saveResults(db: CoevoDB, state: HistoryState, tags: Tag[]) {
  // Saved with its word vocabulary: word ids in the state mean something only together with it.
  await putAnalysisValue(db, STATE, ANALYSIS_VERSION, saveHistoryState(state));
  await saveSummary(db, state, tags);
}

/** The summary counts only the act tags the person chose to see (Settings → confidence). */
async function saveSummary(db: CoevoDB, state: HistoryState, tags: Tag[]) {
  const { minConfidence } = await getSettings(db);
  await putAnalysisValue(
    db,
    SUMMARY_KEY,
    ANALYSIS_VERSION,
    summarize(
      state,
      tags.filter((t) => shown(t, minConfidence)),
      'month',
    ),
  );
}

/** Recomputes the summary from the stored state and tags (no re-analysis); rebuilds when there is no state. */
async function resummarize(db: CoevoDB): Promise<void> {
  const saved = await getAnalysisValue<SavedHistoryState>(db, STATE, ANALYSIS_VERSION);
  const state = saved ? loadHistoryState(saved) : null;
  if (!state) {
    await rebuildAnalysis(db);
    return;
  }
  await saveSummary(db, state, await db.tags.toArray());
}

/** Re-analyses the whole stored history and replaces every stored tag and summary. */
export async function rebuildAnalysis(db: CoevoDB, progress = new ProgressReporter(db, true)): Promise<{ conversations: number; tags: number }> {
  const pending = await queued(db);
  const total = await db.conversations.count();
  await progress.report('reading', 0, total);
  const conversations = await loadAll(db);
  const state = await buildHistoryStateWithProgress(conversations, (done, n) => progress.report('analysing', done, n));
  await progress.report('saving', conversations.length, conversations.length);
  const tags = allTags(state);
  await db.transaction('rw', db.tags, async () => {
    await db.tags.clear();
    await db.tags.bulkPut(tags);
  });
  await saveResults(db, state, tags);
  await dequeue(db, pending);
  await progress.finish();
  return { conversations: conversations.length, tags: tags.length };
}

/** Analyses the queued conversations incrementally (or rebuilds when the engine asks to). */
export async function processQueue(db: CoevoDB): Promise<{ analysed: number; rebuilt: boolean }> {
  const ids = await queued(db);
  const saved = await getAnalysisValue<SavedHistoryState>(db, STATE, ANALYSIS_VERSION);
  // Null also when this worker already interned words in another order than the saved state: rebuild.
  const state = saved ? loadHistoryState(saved) : null;
  if (!state || ids.length > Math.max(REBUILD_ABOVE, state.fed.size / 4)) {
    await rebuildAnalysis(db);
    return { analysed: ids.length, rebuilt: true };
  }
  if (!ids.length) return { analysed: 0, rebuilt: false };
  const progress = new ProgressReporter(db, false);
  await progress.report('analysing', 0, ids.length);
  for (const [i, id] of ids.entries()) {
    const conv = await loadConversation(db, id);
    if (!conv || !conv.messages.length) continue;
    const r = analyzeConversation(conv, state);
    if (r.rebuild) {
      await rebuildAnalysis(db);
      return { analysed: ids.length, rebuilt: true };
    }
    await replaceConversationTags(db, id, CONVERSATION_TYPES, r.conversationTags);
    await progress.report('analysing', i + 1, ids.length);
  }
  await progress.report('saving', ids.length, ids.length);
  await replaceTagsOfTypes(db, HISTORY_TYPES, historyTags(state));
  await saveResults(db, state, allTags(state));
  await dequeue(db, ids);
  await progress.finish();
  return { analysed: ids.length, rebuilt: false };
}

export interface AnalysisRunner {
  /** Queue conversations whose stored messages changed; analysis follows after a short quiet period. */
  schedule(conversationIds: readonly string[]): Promise<void>;
  /** Runs now (queued work, or a rebuild when results are missing or outdated); resolves when done. */
  run(): Promise<{ analysed: number; rebuilt: boolean }>;
  /** Recomputes the summary after the confidence setting changed (queued behind any running analysis). */
  resummarize(): Promise<void>;
  /** After delete-all: the stored state is gone with the data; nothing to run. */
  reset(): void;
}

export function createAnalysisRunner(db: CoevoDB, log: (m: string) => void, debounceMs = 1500): AnalysisRunner {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // One run at a time: a run queued behind another starts when it ends, and sees the ids queued meanwhile.
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    const next = running.then(() => processQueue(db));
    running = next.catch((e) => log(`analysis failed: ${e instanceof Error ? e.message : String(e)}`));
    return next;
  };
  return {
    async schedule(ids) {
      await enqueue(db, ids);
      clearTimeout(timer);
      timer = setTimeout(() => void run(), debounceMs);
    },
    run,
    resummarize() {
      const next = running.then(() => resummarize(db));
      running = next.catch((e) => log(`summary failed: ${e instanceof Error ? e.message : String(e)}`));
      return next;
    },
    reset() {
      clearTimeout(timer);
    },
  };
}
